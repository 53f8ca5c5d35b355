package ai.tao.core.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites a Jinja template so that Jinjava gives {@code not} the precedence Jinja gives it.
 *
 * <p>In Jinja, {@code not} binds more loosely than comparisons and tests: {@code not tools is none}
 * means {@code not (tools is none)}. Jinjava 2.7 binds it as tightly as unary minus and reads {@code
 * (not tools) is none}, which is always false; Llama 3.1's template then silently drops its tool
 * definitions. This class puts the operand of every {@code not} in parentheses, up to where Jinja
 * ends it: the next {@code and}, {@code or}, {@code if}, {@code else}, comma or closing bracket at
 * the same depth, or the end of the tag. {@code not in} and {@code is not} are left alone.
 *
 * <p>Only the insides of {@code {{ }}} and {@code {% %}} are touched; text, comments, string
 * literals and {@code {% raw %}} blocks are not. Inserting parentheses keeps line numbers.
 */
final class NotPrecedence {

  private static final Set<String> ENDS_NOT = Set.of("and", "or", "if", "else");

  private NotPrecedence() {}

  static String rewrite(String source) {
    StringBuilder out = new StringBuilder(source.length() + 16);
    int i = 0;
    boolean inRaw = false;
    while (i < source.length()) {
      int open = indexOfOpener(source, i);
      if (open < 0) {
        out.append(source, i, source.length());
        break;
      }
      out.append(source, i, open);
      char kind = source.charAt(open + 1);
      if (kind == '#') {
        int close = source.indexOf("#}", open + 2);
        int end = close < 0 ? source.length() : close + 2;
        out.append(source, open, end);
        i = end;
        continue;
      }
      String closer = kind == '{' ? "}}" : "%}";
      int close = indexOfCloser(source, open + 2, closer);
      if (close < 0) {
        out.append(source, open, source.length()); // unterminated: Jinjava reports it
        break;
      }
      int innerStart = open + 2;
      int innerEnd = close;
      if (innerStart < innerEnd && "-+".indexOf(source.charAt(innerStart)) >= 0) {
        innerStart++;
      }
      if (innerEnd > innerStart && "-+".indexOf(source.charAt(innerEnd - 1)) >= 0) {
        innerEnd--;
      }
      String inner = source.substring(innerStart, innerEnd);
      String tag = kind == '%' ? inner.strip().split("\\s+", 2)[0] : "";
      if (inRaw) {
        inRaw = !tag.equals("endraw");
        out.append(source, open, close + 2);
      } else {
        inRaw = tag.equals("raw");
        out.append(source, open, innerStart).append(inRaw ? inner : rewriteExpression(inner));
        out.append(source, innerEnd, close + 2);
      }
      i = close + 2;
    }
    return out.toString();
  }

  private static int indexOfOpener(String source, int from) {
    for (int i = from; i + 1 < source.length(); i++) {
      if (source.charAt(i) == '{' && "{%#".indexOf(source.charAt(i + 1)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The closer outside string literals, or -1. */
  private static int indexOfCloser(String source, int from, String closer) {
    char quote = 0;
    for (int i = from; i < source.length(); i++) {
      char c = source.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (source.startsWith(closer, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Wraps the operand of each {@code not} in one expression (the inside of a tag) in parentheses. */
  static String rewriteExpression(String expression) {
    List<Token> tokens = tokenize(expression);
    List<Integer> opens = new ArrayList<>();
    List<Integer> closes = new ArrayList<>();
    for (int t = 0; t < tokens.size(); t++) {
      Token token = tokens.get(t);
      if (!token.isWord("not")) {
        continue;
      }
      boolean notIn = t + 1 < tokens.size() && tokens.get(t + 1).isWord("in");
      boolean isNot = t > 0 && tokens.get(t - 1).isWord("is");
      if (notIn || isNot || t + 1 >= tokens.size()) {
        continue;
      }
      int depth = 0;
      int end = tokens.size();
      for (int u = t + 1; u < tokens.size(); u++) {
        Token next = tokens.get(u);
        if (next.text.equals("(") || next.text.equals("[") || next.text.equals("{")) {
          depth++;
        } else if (next.text.equals(")") || next.text.equals("]") || next.text.equals("}")) {
          if (depth == 0) {
            end = u;
            break;
          }
          depth--;
        } else if (depth == 0 && (next.text.equals(",") || (next.word && ENDS_NOT.contains(next.text)))) {
          end = u;
          break;
        }
      }
      if (end == t + 1) {
        continue;
      }
      opens.add(tokens.get(t + 1).start);
      closes.add(tokens.get(end - 1).end);
    }
    if (opens.isEmpty()) {
      return expression;
    }
    int[] openCount = new int[expression.length() + 1];
    int[] closeCount = new int[expression.length() + 1];
    opens.forEach(p -> openCount[p]++);
    closes.forEach(p -> closeCount[p]++);
    StringBuilder out = new StringBuilder(expression.length() + 2 * opens.size());
    for (int i = 0; i <= expression.length(); i++) {
      out.append(")".repeat(closeCount[i]));
      out.append("(".repeat(openCount[i]));
      if (i < expression.length()) {
        out.append(expression.charAt(i));
      }
    }
    return out.toString();
  }

  private record Token(String text, int start, int end, boolean word) {
    boolean isWord(String w) {
      return word && text.equals(w);
    }
  }

  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, s.length());
        tokens.add(new Token(s.substring(i, j), i, j, false));
        i = j;
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        tokens.add(new Token(s.substring(i, j), i, j, Character.isLetter(c) || c == '_'));
        i = j;
      } else {
        tokens.add(new Token(String.valueOf(c), i, i + 1, false));
        i++;
      }
    }
    return tokens;
  }
}
