package ai.tao.rewards.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits SQL into tokens, dropping comments, so the read-only check and the grounding check look
 * at what the database will see rather than at raw text: a keyword inside a string literal or a
 * comment is not a keyword, and {@code DR/* x *&#47;OP} is not hidden from the check.
 *
 * <p>Understands H2's comment forms ({@code --} and {@code //} to end of line, {@code /* *&#47;}),
 * single-quoted strings with {@code ''} escapes, {@code $$...$$} strings, double-quoted and
 * backquoted identifiers. Anything it cannot read safely (an unterminated string or comment, a
 * block comment inside a block comment, whose nesting databases disagree on) is an error.
 */
final class SqlLexer {

  /** Thrown when the text cannot be split into tokens safely. */
  static final class LexException extends Exception {
    private static final long serialVersionUID = 1L;

    LexException(String message) {
      super(message);
    }
  }

  private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("<=", ">=", "<>", "!=", "||", "::", "->");

  private final String sql;
  private int pos;

  private SqlLexer(String sql) {
    this.sql = sql;
  }

  static List<SqlToken> tokenize(String sql) throws LexException {
    return new SqlLexer(sql).run();
  }

  private List<SqlToken> run() throws LexException {
    List<SqlToken> tokens = new ArrayList<>();
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (startsWith("--") || startsWith("//")) {
        int end = sql.indexOf('\n', pos);
        pos = end < 0 ? sql.length() : end + 1;
      } else if (startsWith("/*")) {
        skipBlockComment();
      } else if (c == '\'') {
        tokens.add(new SqlToken(SqlToken.Kind.STRING, quoted('\'', "string literal")));
      } else if (c == '"') {
        tokens.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, quoted('"', "quoted identifier")));
      } else if (c == '`') {
        tokens.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, quoted('`', "quoted identifier")));
      } else if (startsWith("$$")) {
        int end = sql.indexOf("$$", pos + 2);
        if (end < 0) {
          throw new LexException("unterminated $$ string");
        }
        tokens.add(new SqlToken(SqlToken.Kind.STRING, sql.substring(pos + 2, end)));
        pos = end + 2;
      } else if (Character.isDigit(c) || (c == '.' && pos + 1 < sql.length()
          && Character.isDigit(sql.charAt(pos + 1)))) {
        tokens.add(new SqlToken(SqlToken.Kind.NUMBER, number()));
      } else if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos))
            || sql.charAt(pos) == '_' || sql.charAt(pos) == '$')) {
          pos++;
        }
        tokens.add(new SqlToken(SqlToken.Kind.WORD, sql.substring(start, pos)));
      } else {
        String two = pos + 1 < sql.length() ? sql.substring(pos, pos + 2) : "";
        if (TWO_CHAR_SYMBOLS.contains(two)) {
          tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, two));
          pos += 2;
        } else {
          tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, String.valueOf(c)));
          pos++;
        }
      }
    }
    return tokens;
  }

  private boolean startsWith(String s) {
    return sql.startsWith(s, pos);
  }

  private void skipBlockComment() throws LexException {
    int end = sql.indexOf("*/", pos + 2);
    if (end < 0) {
      throw new LexException("unterminated /* comment");
    }
    if (sql.substring(pos + 2, end).contains("/*")) {
      throw new LexException("nested /* comment");
    }
    pos = end + 2;
  }

  /** Reads a quoted token starting at {@code pos}; a doubled quote stands for one quote. */
  private String quoted(char quote, String what) throws LexException {
    StringBuilder content = new StringBuilder();
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == quote) {
        if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
          content.append(quote);
          pos += 2;
          continue;
        }
        pos++;
        return content.toString();
      }
      content.append(c);
      pos++;
    }
    throw new LexException("unterminated " + what);
  }

  private String number() {
    int start = pos;
    while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
      pos++;
    }
    if (pos < sql.length() && sql.charAt(pos) == '.') {
      pos++;
      while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
        pos++;
      }
    }
    if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
        while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    return sql.substring(start, pos);
  }
}
