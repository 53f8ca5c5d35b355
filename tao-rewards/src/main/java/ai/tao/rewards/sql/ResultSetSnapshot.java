package ai.tao.rewards.sql;

import ai.tao.api.DataInputException;
import ai.tao.rewards.internal.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The rows a query returned, with values normalised so that equal answers compare equal.
 *
 * <p>Normalisation: numbers of any SQL type are written canonically ({@code 7000}, {@code 7000.0}
 * and {@code 7000.00} are all {@code "7000"}); non-integers are rounded to 10 significant digits
 * so float noise and decimal scale do not split votes. SQL NULL is {@link #NULL} (so it cannot be
 * told from the text {@code "NULL"}, a trade for plain string rows). Booleans are {@code TRUE} /
 * {@code FALSE}; strings lose trailing spaces (CHAR padding); other values use their text form.
 *
 * <p><b>Equality: the one notion every SQL scorer and grader uses.</b> Two results are the same
 * answer ({@link #sameResult}, {@link #canonical()}, {@link #hash()}) when they have the same number
 * of columns and the same rows, as a multiset, up to the order of the rows and of the columns;
 * column names never count ({@code SELECT name, salary} matches {@code SELECT salary AS pay, name}).
 * Values compare in the normalised form above. A query without {@code ORDER BY} has no defined row
 * order, and a question rarely fixes the column order, so neither decides. A {@link #truncated}
 * result is the same answer as no other result: its missing rows are unknown.
 *
 * @param columnCount number of columns, at least 1
 * @param rows rows in the order the database returned them, each of {@code columnCount} values
 * @param truncated whether the query returned more rows than the cap and {@code rows} holds only
 *     the first ones
 * @since 0.1
 */
public record ResultSetSnapshot(int columnCount, List<List<String>> rows, boolean truncated) {

  /** How SQL NULL is written in {@link #rows()}. */
  public static final String NULL = "NULL";

  /**
   * @throws DataInputException if columnCount is below 1 or a row has another width
   */
  public ResultSetSnapshot {
    Objects.requireNonNull(rows, "rows");
    if (columnCount < 1) {
      throw new DataInputException("a result has at least 1 column, got " + columnCount);
    }
    List<List<String>> copy = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      List<String> row = List.copyOf(rows.get(i));
      if (row.size() != columnCount) {
        throw new DataInputException(
            "row " + i + " has " + row.size() + " values, expected " + columnCount);
      }
      copy.add(row);
    }
    rows = List.copyOf(copy);
  }

  /**
   * Reads at most {@code maxRows} rows of {@code rs}; {@link #truncated} tells whether there were
   * more.
   */
  static ResultSetSnapshot read(ResultSet rs, int maxRows) throws SQLException {
    int columns = rs.getMetaData().getColumnCount();
    List<List<String>> rows = new ArrayList<>();
    boolean truncated = false;
    while (rs.next()) {
      if (rows.size() == maxRows) {
        truncated = true;
        break;
      }
      List<String> row = new ArrayList<>(columns);
      for (int c = 1; c <= columns; c++) {
        row.add(readValue(rs, c, rs.getMetaData().getColumnType(c)));
      }
      rows.add(row);
    }
    return new ResultSetSnapshot(columns, rows, truncated);
  }

  /**
   * Reads one value by its SQL type. Only numbers and booleans go through {@link
   * ResultSet#getObject}: binary and {@code JAVA_OBJECT} values are read as raw bytes, because
   * {@code getObject} would deserialise attacker-chosen bytes into Java objects in this JVM;
   * everything else (dates, arrays, rows, JSON) is read as text, whose form is stable where an
   * array's {@code Object[].toString()} is not.
   */
  private static String readValue(ResultSet rs, int column, int type) throws SQLException {
    switch (type) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL,
          Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE, Types.BOOLEAN, Types.BIT -> {
        Object value = rs.getObject(column);
        return value == null || value instanceof Number || value instanceof Boolean
            ? normalize(value) : normalize(rs.getString(column));
      }
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB,
          Types.JAVA_OBJECT -> {
        return normalize(rs.getBytes(column));
      }
      default -> {
        return normalize(rs.getString(column));
      }
    }
  }

  /** The normalised text of one value as a JDBC driver returns it. */
  public static String normalize(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof BigDecimal d) {
      return Numbers.canonicalRounded(d);
    }
    if (value instanceof BigInteger i) {
      return i.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? Numbers.canonicalRounded(BigDecimal.valueOf(d)) : String.valueOf(d);
    }
    if (value instanceof Number n) {
      return Long.toString(n.longValue());
    }
    if (value instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof String s) {
      return s.stripTrailing();
    }
    return value.toString();
  }

  /** Whether the query returned no rows. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Whether there are rows and every value is NULL. */
  public boolean isAllNull() {
    return !rows.isEmpty() && rows.stream().allMatch(r -> r.stream().allMatch(NULL::equals));
  }

  /** Whether the result is one row of one value, zero ({@code COUNT(*)} or {@code SUM} of nothing). */
  public boolean isSingleZero() {
    return rows.size() == 1 && columnCount == 1 && rows.get(0).get(0).equals("0");
  }

  /**
   * Whether the result says something comparable: complete (not {@link #truncated}), not empty,
   * not all NULL, not a lone zero. Consensus scorers let only informative results vote, because a
   * query that matches nothing agrees with every other query that matches nothing, and a policy
   * rewarded for that collapses into queries that return nothing; a truncated result's missing rows
   * are unknown, so it agrees with nothing.
   */
  public boolean informative() {
    return !truncated && !isEmpty() && !isAllNull() && !isSingleZero();
  }

  /** Column orders tried for columns that hold the same values in different rows; past it, one order is used. */
  private static final int MAX_TIED_ORDERS = 120;

  /**
   * A text form equal for the results that are the same answer (see the class comment): the column
   * count, then the rows sorted, each value length-prefixed so no value can imitate a separator,
   * with the columns in a canonical order. Columns are sorted by their sorted values; columns that
   * are equal row by row are interchangeable and kept together; columns that hold the same values in
   * different rows are tried in every order and the smallest rendering kept, as long as that is at
   * most {@value #MAX_TIED_ORDERS} orders. Past that (a dozen or more such columns), one order is
   * used, which can miss a match but never makes a false one.
   */
  public String canonical() {
    List<String> vectors = new ArrayList<>(columnCount); // each column's values in row order
    String[] signature = new String[columnCount]; // each column's values sorted
    for (int c = 0; c < columnCount; c++) {
      List<String> values = new ArrayList<>(rows.size());
      for (List<String> row : rows) {
        values.add(encode(row.get(c)));
      }
      vectors.add(String.join("", values));
      values.sort(null);
      signature[c] = String.join("", values);
    }
    Integer[] order = new Integer[columnCount];
    for (int c = 0; c < columnCount; c++) {
      order[c] = c;
    }
    // By sorted values, then by row-order values, so that columns equal row by row sit together.
    java.util.Arrays.sort(order, java.util.Comparator.<Integer, String>comparing(c -> signature[c])
        .thenComparing(c -> vectors.get(c)));
    // Runs of tied columns, each split into groups of columns equal row by row (within a group the
    // order changes nothing): only the order of a run's groups can change the rendering.
    List<List<List<List<Integer>>>> orderings = new ArrayList<>(); // per run, the group orders to try
    long combinations = 1;
    for (int start = 0; start < columnCount; ) {
      int end = start + 1;
      while (end < columnCount && signature[order[end]].equals(signature[order[start]])) {
        end++;
      }
      List<List<Integer>> groups = new ArrayList<>();
      for (int i = start; i < end; i++) {
        boolean sameAsLast = !groups.isEmpty()
            && vectors.get(groups.get(groups.size() - 1).get(0)).equals(vectors.get(order[i]));
        if (sameAsLast) {
          groups.get(groups.size() - 1).add(order[i]);
        } else {
          groups.add(new ArrayList<>(List.of(order[i])));
        }
      }
      for (int k = 2; k <= groups.size() && combinations <= MAX_TIED_ORDERS; k++) {
        combinations *= k;
      }
      List<List<List<Integer>>> tries = new ArrayList<>();
      if (groups.size() > 1 && combinations <= MAX_TIED_ORDERS) {
        permute(groups, 0, tries);
      } else {
        tries.add(groups);
      }
      orderings.add(tries);
      start = end;
    }
    if (combinations > MAX_TIED_ORDERS) {
      orderings.replaceAll(tries -> List.of(tries.get(0)));
    }
    // Every combination of the runs' orders (mixed-radix counting), the smallest rendering kept.
    String best = null;
    int[] digit = new int[orderings.size()];
    while (true) {
      List<Integer> cols = new ArrayList<>(columnCount);
      for (int r = 0; r < orderings.size(); r++) {
        orderings.get(r).get(digit[r]).forEach(cols::addAll);
      }
      String rendered = render(cols);
      if (best == null || rendered.compareTo(best) < 0) {
        best = rendered;
      }
      int r = 0;
      while (r < digit.length && ++digit[r] == orderings.get(r).size()) {
        digit[r++] = 0;
      }
      if (r == digit.length) {
        break;
      }
    }
    return (truncated ? "truncated:" : "") + columnCount + "|" + best;
  }

  private static String encode(String v) {
    return v.length() + ":" + v + ",";
  }

  private String render(List<Integer> columnOrder) {
    List<String> encoded = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int c : columnOrder) {
        sb.append(encode(row.get(c)));
      }
      encoded.add(sb.toString());
    }
    encoded.sort(null);
    return String.join("\n", encoded);
  }

  /** Every order of {@code items[k..]}, each added to {@code out}. */
  private static <T> void permute(List<T> items, int k, List<List<T>> out) {
    if (k >= items.size() - 1) {
      out.add(new ArrayList<>(items));
      return;
    }
    for (int i = k; i < items.size(); i++) {
      java.util.Collections.swap(items, k, i);
      permute(items, k + 1, out);
      java.util.Collections.swap(items, k, i);
    }
  }

  /** The first 16 hex digits of the SHA-256 of {@link #canonical()}. */
  public String hash() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code other} is the same answer: see the class comment. Never for a truncated result. */
  public boolean sameResult(ResultSetSnapshot other) {
    Objects.requireNonNull(other, "other");
    return !truncated && !other.truncated && canonical().equals(other.canonical());
  }
}
