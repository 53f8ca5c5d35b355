package ai.tao.rewards.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the identifiers of a query that name nothing in the schema.
 *
 * <p>A word is fine if it is a keyword, a function call (followed by {@code (}), an alias or CTE
 * name the query defines, or a schema, table or column name. Aliases are recognised after {@code
 * AS}, in {@code name AS (} and {@code name(a, b) AS (} (CTEs), and implicitly as a word directly
 * after another identifier, a literal, {@code )} or {@code END} ({@code FROM employees e}, {@code
 * COUNT(*) n}). Qualified names are checked part by part. The check is lenient by design: it is
 * meant to catch invented tables and columns, not to parse SQL.
 */
final class SqlIdentifiers {

  /** Words that are SQL syntax, type names or niladic functions, not names. */
  static final Set<String> KEYWORDS = Set.of(
      "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH",
      "FIRST", "NEXT", "ROW", "ROWS", "ONLY", "PERCENT", "TIES", "AS", "ON", "JOIN", "INNER",
      "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "USING", "UNION", "ALL", "INTERSECT",
      "EXCEPT", "MINUS", "DISTINCT", "AND", "OR", "NOT", "IN", "EXISTS", "BETWEEN", "LIKE",
      "ILIKE", "REGEXP", "SIMILAR", "TO", "IS", "NULL", "TRUE", "FALSE", "UNKNOWN", "CASE",
      "WHEN", "THEN", "ELSE", "END", "ASC", "DESC", "NULLS", "LAST", "WITH", "RECURSIVE", "OVER",
      "PARTITION", "WINDOW", "RANGE", "GROUPS", "PRECEDING", "FOLLOWING", "UNBOUNDED", "CURRENT",
      "EXCLUDE", "OTHERS", "NO", "FILTER", "WITHIN", "INTERVAL", "DATE", "TIME", "TIMESTAMP",
      "ZONE", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "QUARTER", "WEEK", "CAST",
      "ANY", "SOME", "ESCAPE", "VALUES", "TOP", "INT", "INTEGER", "SMALLINT", "TINYINT",
      "BIGINT", "DECIMAL", "NUMERIC", "DOUBLE", "PRECISION", "REAL", "FLOAT", "VARCHAR", "CHAR",
      "CHARACTER", "VARYING", "TEXT", "BOOLEAN", "CLOB", "BLOB", "BINARY", "LEADING",
      "TRAILING", "BOTH", "FOR", "COLLATE", "ROWNUM", "_ROWID_", "CURRENT_DATE", "CURRENT_TIME",
      "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_USER", "CURRENT_SCHEMA",
      "SYSDATE", "SYSTIMESTAMP", "DEFAULT", "LATERAL", "DIV", "MOD");

  private SqlIdentifiers() {}

  /** The identifiers of {@code tokens} that name nothing {@code schema} knows, in order, once each. */
  static List<String> unknown(List<SqlToken> tokens, SqlSchema schema) {
    Set<String> aliases = aliases(tokens);
    Set<String> unknown = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      if (!isName(t)) {
        continue;
      }
      if (t.kind() == SqlToken.Kind.WORD && next(tokens, i).map(n -> n.isSymbol("(")).orElse(false)) {
        continue; // a function call
      }
      String upper = t.upper();
      if (!aliases.contains(upper) && !schema.knows(t.text())) {
        unknown.add(t.text());
      }
    }
    return new ArrayList<>(unknown);
  }

  /** A word that is not a keyword, or a quoted identifier. */
  private static boolean isName(SqlToken t) {
    return (t.kind() == SqlToken.Kind.WORD && !KEYWORDS.contains(t.upper()))
        || t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
  }

  private static Set<String> aliases(List<SqlToken> tokens) {
    Set<String> aliases = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      if (!isName(t)) {
        continue;
      }
      SqlToken prev = i > 0 ? tokens.get(i - 1) : null;
      if (prev != null && (prev.isWord("AS") || defines(prev))) {
        aliases.add(t.upper());
      }
      if (next(tokens, i).map(n -> n.isWord("AS")).orElse(false)
          && i + 2 < tokens.size() && tokens.get(i + 2).isSymbol("(")) {
        aliases.add(t.upper()); // WITH name AS (
      }
      if (next(tokens, i).map(n -> n.isSymbol("(")).orElse(false)) {
        cteColumns(tokens, i, aliases);
      }
    }
    return aliases;
  }

  /** Whether a name directly after {@code prev} is an implicit alias. */
  private static boolean defines(SqlToken prev) {
    return isName(prev)
        || prev.isSymbol(")")
        || prev.isWord("END")
        || prev.kind() == SqlToken.Kind.NUMBER
        || prev.kind() == SqlToken.Kind.STRING;
  }

  /** {@code name(a, b) AS (}: the CTE and its column names are aliases. */
  private static void cteColumns(List<SqlToken> tokens, int nameIndex, Set<String> aliases) {
    List<String> names = new ArrayList<>();
    names.add(tokens.get(nameIndex).upper());
    int i = nameIndex + 2;
    while (i < tokens.size() && isName(tokens.get(i))) {
      names.add(tokens.get(i).upper());
      if (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(",")) {
        i += 2;
      } else {
        i++;
        break;
      }
    }
    if (i + 2 < tokens.size() && tokens.get(i).isSymbol(")") && tokens.get(i + 1).isWord("AS")
        && tokens.get(i + 2).isSymbol("(")) {
      aliases.addAll(names);
    }
  }

  private static Optional<SqlToken> next(List<SqlToken> tokens, int i) {
    return i + 1 < tokens.size() ? Optional.of(tokens.get(i + 1)) : Optional.empty();
  }
}
