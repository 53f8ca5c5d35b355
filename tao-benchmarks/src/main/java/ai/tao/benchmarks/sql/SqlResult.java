package ai.tao.benchmarks.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What running a query gave: rows of normalized cells, or the error.
 *
 * <p>Cells are normalized so that equal answers compare equal: a number is rounded to 2 decimals and
 * written without trailing zeros ({@code 7000}, {@code 7000.0} and {@code 7000.00} are all
 * {@code "7000"}; an average of {@code 6533.3333} is {@code "6533.33"}); SQL NULL is a marker no
 * string can equal; anything else is its {@code toString()}. Two results are the {@link #sameAnswer
 * same answer} when they have the same number of columns and the same rows, ignoring the order of
 * rows and of columns; column names do not count, so {@code SELECT name, salary} matches
 * {@code SELECT salary AS pay, name}.
 *
 * @since 0.1
 */
public final class SqlResult {

  private static final String NULL = "\u0000NULL";
  /** Column orders tried when several columns hold the same values; beyond it, the first wins. */
  private static final int MAX_TIED_ORDERS = 120;

  private final int columns;
  private final List<List<String>> rows;
  private final String error;
  private final String answerKey;

  private SqlResult(int columns, List<List<String>> rows, String error) {
    this.columns = columns;
    this.rows = rows;
    this.error = error;
    this.answerKey = error == null ? canonical(columns, rows) : null;
  }

  /**
   * A successful result.
   *
   * @param rows normalized cells (see {@link #cell(Object)}), each row {@code columns} long
   */
  public static SqlResult of(int columns, List<List<String>> rows) {
    Objects.requireNonNull(rows, "rows");
    if (columns < 1) {
      throw new IllegalArgumentException("a result has at least one column, got " + columns);
    }
    List<List<String>> copy = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      if (row.size() != columns) {
        throw new IllegalArgumentException("row " + row + " does not have " + columns + " cells");
      }
      copy.add(List.copyOf(row));
    }
    return new SqlResult(columns, Collections.unmodifiableList(copy), null);
  }

  /** A failed query: it was refused, did not parse, failed, timed out or returned too many rows. */
  public static SqlResult failed(String error) {
    Objects.requireNonNull(error, "error");
    return new SqlResult(0, List.of(), error);
  }

  /** The normalized form of one JDBC value; see the class comment. */
  public static String cell(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof Number n) {
      BigDecimal d = toBigDecimal(n);
      return d == null
          ? n.toString()
          : d.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  private static BigDecimal toBigDecimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      double x = n.doubleValue();
      // Through the shortest decimal string, so 0.1 stays 0.1 instead of its binary expansion.
      return Double.isFinite(x) ? new BigDecimal(Double.toString(x)) : null;
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /** Whether the query ran. */
  public boolean ok() {
    return error == null;
  }

  /** Why the query failed; empty if it ran. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** The number of columns; 0 for a failed query. */
  public int columns() {
    return columns;
  }

  /** The rows in the order the database returned them; empty for a failed query. */
  public List<List<String>> rows() {
    return rows;
  }

  /** Whether the query ran and returned no row. */
  public boolean isEmpty() {
    return ok() && rows.isEmpty();
  }

  /**
   * A string equal for exactly the results that are the {@link #sameAnswer same answer}; empty for a
   * failed query. Suits counting votes.
   */
  public Optional<String> answerKey() {
    return Optional.ofNullable(answerKey);
  }

  /** Whether both queries ran and gave the same answer, ignoring row and column order. */
  public boolean sameAnswer(SqlResult other) {
    return ok() && other.ok() && answerKey.equals(other.answerKey);
  }

  @Override
  public String toString() {
    return ok() ? columns + " columns " + rows : "error: " + error;
  }

  /**
   * Columns sorted by their sorted values, rows sorted. Columns with the same values (a tie) are
   * tried in every order, keeping the smallest rendering, so a tie cannot make equal results differ.
   */
  private static String canonical(int columns, List<List<String>> rows) {
    String[] signature = new String[columns];
    for (int c = 0; c < columns; c++) {
      List<String> values = new ArrayList<>(rows.size());
      for (List<String> row : rows) {
        values.add(row.get(c));
      }
      Collections.sort(values);
      signature[c] = String.join("\u0001", values);
    }
    Integer[] order = new Integer[columns];
    for (int c = 0; c < columns; c++) {
      order[c] = c;
    }
    Arrays.sort(order, Comparator.comparing(c -> signature[c]));
    List<int[]> orders = new ArrayList<>();
    orders.add(Arrays.stream(order).mapToInt(Integer::intValue).toArray());
    int start = 0;
    while (start < columns) {
      int end = start + 1;
      while (end < columns && signature[order[end]].equals(signature[order[start]])) {
        end++;
      }
      if (end - start > 1) {
        orders = permuteSegment(orders, start, end);
      }
      start = end;
    }
    String best = null;
    for (int[] o : orders) {
      String rendered = render(columns, rows, o);
      if (best == null || rendered.compareTo(best) < 0) {
        best = rendered;
      }
    }
    return best;
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
      swap(a, k, i);
      permute(a, k + 1, to, out);
      swap(a, k, i);
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  private static String render(int columns, List<List<String>> rows, int[] order) {
    List<String> lines = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int c : order) {
        sb.append(row.get(c)).append('\u0001');
      }
      lines.add(sb.toString());
    }
    Collections.sort(lines);
    return columns + "\u0003" + String.join("\u0002", lines);
  }
}
