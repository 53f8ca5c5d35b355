package ai.tao.rewards.sql;

import ai.tao.api.ConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where untrusted SQL runs: the one executor of the SQL scorers and of the SQL grader, so that the
 * reward and the evaluation agree on what a query returns ({@link ResultSetSnapshot}, with its one
 * notion of equality).
 *
 * <p><b>Safety, in layers.</b> Candidate SQL is model output, so it is treated as hostile:
 *
 * <ol>
 *   <li>{@link SqlGuard} passes only a single statement starting with SELECT or WITH, without
 *       writing keywords or file and code functions;
 *   <li>it runs with {@link Statement#executeQuery}, which drivers refuse for non-queries;
 *   <li>the connection is {@linkplain Connection#setReadOnly read-only} and in a transaction that
 *       is always rolled back;
 *   <li>{@link Statement#setQueryTimeout} and, on H2, the session's {@code QUERY_TIMEOUT} stop it
 *       after {@code timeout};
 *   <li>{@link Statement#setMaxRows} caps the rows read;
 *   <li>the default {@link H2Database} connects as a user that may only SELECT;
 *   <li>values are read without deserialising Java objects (see {@link ResultSetSnapshot}).
 * </ol>
 *
 * <p><b>Timing.</b> The timeout is a safety net against runaway queries (a cross join of large
 * tables, a recursive CTE), never a judgement: its default, 30 s, is orders of magnitude above what
 * a sensible query takes on the small databases label-free scoring uses, so a machine that is two
 * or three times slower under load gives the same results. Every run that did time out is counted
 * ({@link #timeouts()}) so a report can say whether timing touched a result.
 *
 * <p>Memory is not capped: H2 runs in this JVM, and a query can build a large intermediate result
 * until the timeout stops it. Give the JVM some heap headroom, or use a {@link SqlDatabase} in
 * another process for untrusted workloads at scale.
 *
 * @since 0.2
 */
public final class SqlSandbox {
  /** Default longest run of one query. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Default most rows read per query. */
  public static final int DEFAULT_MAX_ROWS = 1000;

  private final SqlDatabase database;
  private final Duration timeout;
  private final int maxRows;
  private final java.util.concurrent.atomic.AtomicLong timeouts = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param timeout longest a query may run, positive
   * @param maxRows most rows read, in [1, Integer.MAX_VALUE − 1]
   * @throws ConfigurationException if a limit is out of range
   */
  public SqlSandbox(SqlDatabase database, Duration timeout, int maxRows) {
    this.database = Objects.requireNonNull(database, "database");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ConfigurationException("SQL timeout must be > 0, got " + timeout);
    }
    if (maxRows < 1 || maxRows == Integer.MAX_VALUE) {
      throw new ConfigurationException("SQL maxRows must be in [1, " + (Integer.MAX_VALUE - 1) + "], got " + maxRows);
    }
    this.maxRows = maxRows;
  }

  /** A sandbox with the default limits. */
  public static SqlSandbox of(SqlDatabase database) {
    return new SqlSandbox(database, DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS);
  }

  public SqlDatabase database() {
    return database;
  }

  public Duration timeout() {
    return timeout;
  }

  public int maxRows() {
    return maxRows;
  }

  /** Runs that hit the timeout so far. */
  public long timeouts() {
    return timeouts.get();
  }

  /** Runs the SQL of a completion, found by {@link SqlExtractor}. */
  public SqlRun runCompletion(String completionText) {
    Optional<String> sql = SqlExtractor.extract(completionText);
    if (sql.isEmpty()) {
      return SqlRun.failed(SqlRun.Status.NO_SQL, "", "no SQL found in the completion");
    }
    return run(sql.get());
  }

  /** Checks and runs {@code sql}, saying what happened. Never throws for a bad query. */
  public SqlRun run(String sql) {
    Objects.requireNonNull(sql, "sql");
    Optional<String> rejection = SqlGuard.rejection(sql);
    if (rejection.isPresent()) {
      return SqlRun.failed(SqlRun.Status.REJECTED, sql, rejection.get());
    }
    try (Connection connection = database.connect()) {
      connection.setReadOnly(true);
      connection.setAutoCommit(false);
      try {
        return SqlRun.executed(sql, query(connection, sql));
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      if (isTimeout(e)) {
        timeouts.incrementAndGet();
        return SqlRun.failed(SqlRun.Status.TIMEOUT, sql, "timeout: cancelled after " + timeout.toMillis() + " ms");
      }
      return SqlRun.failed(SqlRun.Status.ERROR, sql, "error: " + firstLine(e.getMessage()));
    }
  }

  private ResultSetSnapshot query(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      // JDBC timeouts are whole seconds; H2's session timeout takes the exact milliseconds.
      st.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
        st.execute("SET QUERY_TIMEOUT " + timeout.toMillis());
      }
      // One row past the cap tells a truncated result from one that fits exactly.
      st.setMaxRows(maxRows + 1);
      try (ResultSet rs = st.executeQuery(sql)) {
        if (rs.getMetaData().getColumnCount() == 0) {
          // H2 accepts some degenerate SELECTs (e.g. "SELECT FROM t") that return rows of no columns.
          throw new SQLException("the query returns no columns");
        }
        return ResultSetSnapshot.read(rs, maxRows);
      }
    }
  }

  private static boolean isTimeout(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      // 57014: query cancelled (H2, PostgreSQL); HYT00/HY008: timeout/cancel (SQL/CLI).
      if (x instanceof SQLTimeoutException || "57014".equals(state) || "HYT00".equals(state)
          || "HY008".equals(state)) {
        return true;
      }
    }
    return false;
  }

  /** The first line of a database error, without H2's echo of the statement. */
  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int cut = message.indexOf('\n');
    String line = cut < 0 ? message : message.substring(0, cut);
    int sql = line.indexOf("; SQL statement:");
    return (sql < 0 ? line : line.substring(0, sql)).strip();
  }

  @Override
  public String toString() {
    return "SqlSandbox[database=" + database + ", timeout=" + timeout.toMillis() + " ms, maxRows=" + maxRows + "]";
  }
}
