package ai.tao.core.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code tojson} filter as transformers defines it for chat templates: Python's {@code
 * json.dumps(x, ensure_ascii=False, indent=indent, separators=None, sort_keys=sort_keys)}.
 *
 * <p>Jinjava's own {@code tojson} writes {@code {"a":1}}; Python writes {@code {"a": 1}}, and with
 * {@code indent} one item per line. Tool-calling templates put this text into the prompt, so the
 * difference would change what the model sees. Accepts {@code indent} and {@code sort_keys}, by name
 * or position.
 */
final class PythonJsonFilter implements Filter {

  @Override
  public String getName() {
    return "tojson";
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
    Integer indent = args.length > 0 && args[0] != null ? Integer.valueOf(args[0].trim()) : null;
    boolean sortKeys = args.length > 1 && Boolean.parseBoolean(args[1]);
    return dumps(value, indent, sortKeys);
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
    Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
    Object sortKeys = kwargs.containsKey("sort_keys") ? kwargs.get("sort_keys") : args.length > 1 ? args[1] : null;
    return dumps(
        value,
        indent == null ? null : Integer.valueOf(((Number) indent).intValue()),
        Boolean.TRUE.equals(sortKeys));
  }

  static String dumps(Object value, Integer indent, boolean sortKeys) {
    StringBuilder out = new StringBuilder();
    write(out, value, indent, sortKeys, 0);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, Integer indent, boolean sortKeys, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value) ? "true" : "false");
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d)) {
        out.append("NaN");
      } else if (Double.isInfinite(d)) {
        out.append(d > 0 ? "Infinity" : "-Infinity");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e16) {
        out.append((long) d).append(".0");
      } else {
        out.append(value);
      }
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      Map<?, ?> entries = sortKeys ? new TreeMap<>(map) : map;
      List<String> items = new ArrayList<>();
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        StringBuilder item = new StringBuilder();
        writeString(item, String.valueOf(entry.getKey()));
        item.append(": ");
        write(item, entry.getValue(), indent, sortKeys, depth + 1);
        items.add(item.toString());
      }
      writeContainer(out, '{', '}', items, indent, depth);
    } else if (value instanceof Collection<?> || value.getClass().isArray()) {
      List<String> items = new ArrayList<>();
      for (Object element : elements(value)) {
        StringBuilder item = new StringBuilder();
        write(item, element, indent, sortKeys, depth + 1);
        items.add(item.toString());
      }
      writeContainer(out, '[', ']', items, indent, depth);
    } else {
      writeString(out, value.toString());
    }
  }

  private static Iterable<?> elements(Object value) {
    if (value instanceof Collection<?> collection) {
      return collection;
    }
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < Array.getLength(value); i++) {
      list.add(Array.get(value, i));
    }
    return list;
  }

  private static void writeContainer(
      StringBuilder out, char open, char close, List<String> items, Integer indent, int depth) {
    if (items.isEmpty()) {
      out.append(open).append(close);
      return;
    }
    out.append(open);
    if (indent == null) {
      out.append(String.join(", ", items));
    } else {
      String inner = "\n" + " ".repeat(indent * (depth + 1));
      for (int i = 0; i < items.size(); i++) {
        out.append(inner).append(items.get(i));
        if (i + 1 < items.size()) {
          out.append(',');
        }
      }
      out.append('\n').append(" ".repeat(indent * depth));
    }
    out.append(close);
  }

  /** Python's {@code json} string escaping with {@code ensure_ascii=False}. */
  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
