package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rewards SQL that runs: the {@code sql-execution} scorer, and the safe executor the other SQL
 * scorers share ({@link #run}, {@link #execute}).
 *
 * <p>The SQL is read from the completion by {@link SqlExtractor}. Value 1 if it executes (or
 * {@link Builder#emptyResultScore} if it returns no rows), 0 otherwise with the reason: {@value
 * SqlGuard#REJECTED} (...), the database's error message, or {@code timeout}. Components: {@code
 * executes} (1/0) and {@code rows}.
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
 *       after {@link Builder#timeout} (default 2 s);
 *   <li>{@link Statement#setMaxRows} caps the rows read (default 1000);
 *   <li>the default {@link H2Database} connects as a user that may only SELECT;
 *   <li>values are read without deserialising Java objects (see {@link ResultSetSnapshot}).
 * </ol>
 *
 * <p>Memory is not capped: H2 runs in this JVM, and a query can build a large intermediate result
 * (an aggregate over a huge {@code SYSTEM_RANGE}) until the timeout stops it. Give the JVM some
 * heap headroom, or use a {@link SqlDatabase} in another process for untrusted workloads at
 * scale.
 *
 * @since 0.1
 */
public final class SqlExecutionScorer implements Scorer {

  private final SqlDatabase database;
  private final Duration timeout;
  private final int maxRows;
  private final double emptyResultScore;

  private SqlExecutionScorer(Builder b) {
    this.database = b.database;
    this.timeout = b.timeout;
    this.maxRows = b.maxRows;
    this.emptyResultScore = b.emptyResultScore;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .database(database)
        .timeout(timeout)
        .maxRows(maxRows)
        .emptyResultScore(emptyResultScore);
  }

  /** The database queries run against. */
  public SqlDatabase database() {
    return database;
  }

  @Override
  public String name() {
    return "sql-execution";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<Score> scores = new ArrayList<>(group.size());
    for (Completion c : group.candidates()) {
      SqlRun run = runCompletion(c.text());
      if (!run.executed()) {
        scores.add(new Score(0.0, Map.of("executes", 0.0), true, run.reason()));
        continue;
      }
      ResultSetSnapshot result = run.result().orElseThrow();
      double value = result.isEmpty() ? emptyResultScore : 1.0;
      scores.add(new Score(value, Map.of("executes", 1.0, "rows", (double) result.rows().size()),
          true, result.isEmpty() ? "no rows" : ""));
    }
    return scores;
  }

  /** Runs the SQL of a completion, found by {@link SqlExtractor}. */
  public SqlRun runCompletion(String completionText) {
    Optional<String> sql = SqlExtractor.extract(completionText);
    if (sql.isEmpty()) {
      return SqlRun.failed(SqlRun.Status.NO_SQL, "", "no SQL found in the completion");
    }
    return run(sql.get());
  }

  /** The rows {@code sql} returns, if it passes the checks and executes. */
  public Optional<ResultSetSnapshot> execute(String sql) {
    return run(sql).result();
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
        return SqlRun.failed(SqlRun.Status.TIMEOUT, sql,
            "timeout: cancelled after " + timeout.toMillis() + " ms");
      }
      return SqlRun.failed(SqlRun.Status.ERROR, sql, "error: " + H2Database.firstLine(e.getMessage()));
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

  @Override
  public String toString() {
    return "SqlExecutionScorer[database=" + database + ", timeout=" + timeout.toMillis()
        + " ms, maxRows=" + maxRows + ", emptyResultScore=" + emptyResultScore + "]";
  }

  /**
   * Builder for {@link SqlExecutionScorer}; {@link #database} has no default.
   *
   * @since 0.1
   */
  public static final class Builder {
    private SqlDatabase database;

    /**
     * Longest a query may run. Default 2 s: ample for the small databases label-free scoring uses,
     * and short enough that a cross join a model wrote does not stall a training round.
     */
    private Duration timeout = Duration.ofSeconds(2);

    /** Most rows read per query. Default 1000: results past that are rarely an answer. */
    private int maxRows = 1000;

    /**
     * Value of a query that executes but returns no rows, in [0, 1]. Default 1.0 (it executes);
     * 0.5 is a common choice when empty results should rank below non-empty ones.
     */
    private double emptyResultScore = 1.0;

    private Builder() {}

    /** Where queries run. Required. */
    public Builder database(SqlDatabase database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** An in-memory H2 database built from a schema and data script. */
    public Builder h2Script(String script) {
      return database(H2Database.fromScript(script));
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder maxRows(int maxRows) {
      this.maxRows = maxRows;
      return this;
    }

    public Builder emptyResultScore(double emptyResultScore) {
      this.emptyResultScore = emptyResultScore;
      return this;
    }

    /**
     * @throws ConfigurationException if the database is unset, the timeout is not positive,
     *     {@code maxRows < 1} or emptyResultScore is outside [0, 1]
     */
    public SqlExecutionScorer build() {
      if (database == null) {
        throw new ConfigurationException(
            "sql-execution needs a database: database(...) or h2Script(schema and data SQL)");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConfigurationException("sql-execution timeout must be > 0, got " + timeout);
      }
      if (maxRows < 1 || maxRows == Integer.MAX_VALUE) {
        throw new ConfigurationException(
            "sql-execution maxRows must be in [1, " + (Integer.MAX_VALUE - 1) + "], got " + maxRows);
      }
      if (!(emptyResultScore >= 0.0 && emptyResultScore <= 1.0)) {
        throw new ConfigurationException(
            "sql-execution emptyResultScore must be in [0, 1], got " + emptyResultScore);
      }
      return new SqlExecutionScorer(this);
    }
  }
}
