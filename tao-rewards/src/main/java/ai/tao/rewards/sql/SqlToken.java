package ai.tao.rewards.sql;

import java.util.Locale;

/**
 * One lexical token of a SQL statement.
 *
 * @param kind what the token is
 * @param text the token as it stands in the statement; for {@link Kind#STRING} and {@link
 *     Kind#QUOTED_IDENTIFIER} the content without quotes, escapes resolved
 */
record SqlToken(Kind kind, String text) {

  enum Kind {
    /** An unquoted identifier or keyword. */
    WORD,
    /** A double-quoted or backquoted identifier. */
    QUOTED_IDENTIFIER,
    /** A single-quoted or dollar-quoted string literal. */
    STRING,
    /** An unsigned numeric literal. */
    NUMBER,
    /** Punctuation or an operator, including {@code ;}. */
    SYMBOL
  }

  boolean isWord(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** The upper-cased text of a word, for keyword lookups. */
  String upper() {
    return text.toUpperCase(Locale.ROOT);
  }
}
