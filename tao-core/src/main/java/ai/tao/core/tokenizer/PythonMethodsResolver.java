package ai.tao.core.tokenizer;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The Python {@code str} and {@code dict} methods that Hugging Face chat templates call and Jinjava
 * lacks, because Jinjava resolves methods on the Java object: {@code "x".startswith(...)} fails and
 * {@code "a.b".split(".")} would split on a regular expression.
 *
 * <p>Handled on strings: {@code startswith}, {@code endswith} (a string or a list of strings),
 * {@code strip}, {@code lstrip}, {@code rstrip} (optionally with the characters to strip), {@code
 * upper}, {@code lower}, {@code title}, {@code capitalize}, {@code split} (literal separator, or runs
 * of whitespace), {@code replace} (literal, optional count), {@code join}, and indexing {@code
 * s[i]} (negative counts from the end). On dicts: {@code get(key, default)}. Everything else falls
 * through to Jinjava's own resolvers.
 */
final class PythonMethodsResolver extends ELResolver {

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
  private static final Object NOT_HANDLED = new Object();

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
    Object[] args = params == null ? new Object[0] : params;
    Object result = NOT_HANDLED;
    if (base instanceof String string && method instanceof String name) {
      result = stringMethod(string, name, args);
    } else if (base instanceof Map<?, ?> map && "get".equals(method) && args.length == 2) {
      result = map.containsKey(args[0]) ? map.get(args[0]) : args[1];
    }
    if (result == NOT_HANDLED) {
      return null;
    }
    context.setPropertyResolved(true);
    return result;
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    if (base instanceof String string && property != null) {
      String key = property.toString();
      if (INTEGER.matcher(key).matches()) {
        int index = Integer.parseInt(key);
        int resolved = index < 0 ? string.length() + index : index;
        context.setPropertyResolved(true);
        return resolved >= 0 && resolved < string.length() ? String.valueOf(string.charAt(resolved)) : null;
      }
    }
    return null;
  }

  private static Object stringMethod(String s, String name, Object[] args) {
    switch (name) {
      case "startswith":
        return args.length == 1 ? anyMatch(args[0], s::startsWith) : NOT_HANDLED;
      case "endswith":
        return args.length == 1 ? anyMatch(args[0], s::endsWith) : NOT_HANDLED;
      case "strip":
        return args.length <= 1 ? rstrip(lstrip(s, chars(args)), chars(args)) : NOT_HANDLED;
      case "lstrip":
        return args.length <= 1 ? lstrip(s, chars(args)) : NOT_HANDLED;
      case "rstrip":
        return args.length <= 1 ? rstrip(s, chars(args)) : NOT_HANDLED;
      case "upper":
        return args.length == 0 ? s.toUpperCase(java.util.Locale.ROOT) : NOT_HANDLED;
      case "lower":
        return args.length == 0 ? s.toLowerCase(java.util.Locale.ROOT) : NOT_HANDLED;
      case "title":
        return args.length == 0 ? title(s) : NOT_HANDLED;
      case "capitalize":
        return args.length == 0 ? capitalize(s) : NOT_HANDLED;
      case "split":
        return args.length <= 2 ? split(s, args) : NOT_HANDLED;
      case "replace":
        return args.length == 2 || args.length == 3 ? replace(s, args) : NOT_HANDLED;
      case "join":
        return args.length == 1 && args[0] instanceof Collection<?> parts ? join(s, parts) : NOT_HANDLED;
      default:
        return NOT_HANDLED;
    }
  }

  private static boolean anyMatch(Object prefixes, java.util.function.Predicate<String> test) {
    if (prefixes instanceof Collection<?> several) {
      return several.stream().anyMatch(p -> test.test(String.valueOf(p)));
    }
    return test.test(String.valueOf(prefixes));
  }

  /** The characters to strip, or {@code null} for Python's whitespace. */
  private static String chars(Object[] args) {
    return args.length == 0 || args[0] == null ? null : args[0].toString();
  }

  private static boolean strips(char c, String chars) {
    return chars == null ? isPythonSpace(c) : chars.indexOf(c) >= 0;
  }

  private static boolean isPythonSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
  }

  private static String lstrip(String s, String chars) {
    int start = 0;
    while (start < s.length() && strips(s.charAt(start), chars)) {
      start++;
    }
    return s.substring(start);
  }

  private static String rstrip(String s, String chars) {
    int end = s.length();
    while (end > 0 && strips(s.charAt(end - 1), chars)) {
      end--;
    }
    return s.substring(0, end);
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean previousCased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
      previousCased = Character.isLetter(c);
    }
    return out.toString();
  }

  private static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    return Character.toTitleCase(s.charAt(0)) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  private static List<String> split(String s, Object[] args) {
    String separator = args.length == 0 || args[0] == null ? null : args[0].toString();
    int maxSplit = args.length == 2 ? ((Number) args[1]).intValue() : -1;
    List<String> parts = new ArrayList<>();
    if (separator == null) {
      int i = 0;
      while (true) {
        while (i < s.length() && isPythonSpace(s.charAt(i))) {
          i++;
        }
        if (i == s.length()) {
          return parts;
        }
        if (maxSplit >= 0 && parts.size() == maxSplit) {
          parts.add(rstrip(s.substring(i), null));
          return parts;
        }
        int start = i;
        while (i < s.length() && !isPythonSpace(s.charAt(i))) {
          i++;
        }
        parts.add(s.substring(start, i));
      }
    }
    if (separator.isEmpty()) {
      throw new IllegalArgumentException("empty separator");
    }
    int start = 0;
    int at;
    while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(separator, start)) >= 0) {
      parts.add(s.substring(start, at));
      start = at + separator.length();
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static String replace(String s, Object[] args) {
    String old = String.valueOf(args[0]);
    String replacement = String.valueOf(args[1]);
    int count = args.length == 3 ? ((Number) args[2]).intValue() : -1;
    if (count < 0 || old.isEmpty()) {
      return s.replace(old, replacement);
    }
    StringBuilder out = new StringBuilder();
    int start = 0;
    int at;
    for (int done = 0; done < count && (at = s.indexOf(old, start)) >= 0; done++) {
      out.append(s, start, at).append(replacement);
      start = at + old.length();
    }
    return out.append(s, start, s.length()).toString();
  }

  private static String join(String separator, Collection<?> parts) {
    StringBuilder out = new StringBuilder();
    Iterator<?> it = parts.iterator();
    while (it.hasNext()) {
      out.append(Objects.toString(it.next(), ""));
      if (it.hasNext()) {
        out.append(separator);
      }
    }
    return out.toString();
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {}

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }
}
