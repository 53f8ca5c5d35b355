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
   * Whether the result says something: not empty, not all NULL, not a lone zero. Consensus scorers
   * let only informative results vote, because a query that matches nothing agrees with every
   * other query that matches nothing, and a policy rewarded for that collapses into queries that
   * return nothing.
   */
  public boolean informative() {
    return !isEmpty() && !isAllNull() && !isSingleZero();
  }

  /** Column orders tried when several columns hold the same values; beyond it, the first wins. */
  private static final int MAX_TIED_ORDERS = 120;

  /**
   * A text form equal for exactly the results that are the same answer (see the class comment):
   * the column count, then the rows sorted, each value length-prefixed so no value can imitate a
   * separator, with the columns in a canonical order (sorted by their sorted values; columns that
   * hold the same values are tried in every order, up to {@value #MAX_TIED_ORDERS}, and the
   * smallest rendering kept).
   */
  public String canonical() {
    String[] signature = new String[columnCount];
    for (int c = 0; c < columnCount; c++) {
      List<String> values = new ArrayList<>(rows.size());
      for (List<String> row : rows) {
        values.add(encode(row.get(c)));
      }
      values.sort(null);
      signature[c] = String.join("", values);
    }
    Integer[] order = new Integer[columnCount];
    for (int c = 0; c < columnCount; c++) {
      order[c] = c;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparing(c -> signature[c]));
    List<int[]> orders = new ArrayList<>();
    orders.add(java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray());
    for (int start = 0; start < columnCount; ) {
      int end = start + 1;
      while (end < columnCount && signature[order[end]].equals(signature[order[start]])) {
        end++;
      }
      if (end - start > 1) {
        orders = permuteSegment(orders, start, end);
      }
      start = end;
    }
    String best = null;
    for (int[] o : orders) {
      String rendered = render(o);
      if (best == null || rendered.compareTo(best) < 0) {
        best = rendered;
      }
    }
    return (truncated ? "truncated:" : "") + columnCount + "|" + best;
  }

  private static String encode(String v) {
    return v.length() + ":" + v + ",";
  }

  private String render(int[] columnOrder) {
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

  private static List<int[]> permuteSegment(List<int[]> orders, int from, int to) {
    List<int[]> out = new ArrayList<>();
    for (int[] base : orders) {
      permute(base.clone(), from, to, out);
      if (out.size() > MAX_TIED_ORDERS) {
        return orders;
      }
    }
    return out;
  }

  private static void permute(int[] a, int k, int to, List<int[]> out) {
    if (k == to) {
      out.add(a.clone());
      return;
    }
    for (int i = k; i < to; i++) {
      int t = a[k];
      a[k] = a[i];
      a[i] = t;
      permute(a, k + 1, to, out);
      a[i] = a[k];
      a[k] = t;
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
