package ai.tao.rewards.sql;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rewards SQL that runs: the {@code sql-execution} scorer, and the executor the other SQL scorers
 * share ({@link #runCompletion}, {@link #run}) through its {@link SqlSandbox}.
 *
 * <p>The SQL is read from the completion by {@link SqlExtractor}. Value 1 if it executes (or
 * {@link Builder#emptyResultScore} if it returns no rows), 0 otherwise with the reason: {@value
 * SqlGuard#REJECTED} (...), the database's error message, or {@code timeout}. Components: {@code
 * executes} (1/0) and {@code rows}. For the layers of defence see {@link SqlSandbox}.
 *
 * <p>A scorer built on {@link Builder#h2Script} owns its database and drops it on {@link #close()};
 * one given a {@link Builder#database} leaves it to its owner.
 *
 * @since 0.1
 */
public final class SqlExecutionScorer implements Scorer {

  private final SqlSandbox sandbox;
  private final double emptyResultScore;
  private final boolean ownsDatabase;

  private SqlExecutionScorer(SqlSandbox sandbox, double emptyResultScore, boolean ownsDatabase) {
    this.sandbox = sandbox;
    this.emptyResultScore = emptyResultScore;
    this.ownsDatabase = ownsDatabase;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these settings, on the same database (which the new scorer does not own). */
  public Builder toBuilder() {
    return new Builder()
        .database(sandbox.database())
        .timeout(sandbox.timeout())
        .maxRows(sandbox.maxRows())
        .emptyResultScore(emptyResultScore);
  }

  /** The database queries run against. */
  public SqlDatabase database() {
    return sandbox.database();
  }

  /** Where queries run. */
  public SqlSandbox sandbox() {
    return sandbox;
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
    return sandbox.runCompletion(completionText);
  }

  /** The rows {@code sql} returns, if it passes the checks and executes. */
  public Optional<ResultSetSnapshot> execute(String sql) {
    return run(sql).result();
  }

  /** Checks and runs {@code sql}, saying what happened. Never throws for a bad query. */
  public SqlRun run(String sql) {
    return sandbox.run(sql);
  }

  /** Drops the database if this scorer created it. */
  @Override
  public void close() {
    if (ownsDatabase) {
      sandbox.database().close();
    }
  }

  @Override
  public String toString() {
    return "SqlExecutionScorer[" + sandbox + ", emptyResultScore=" + emptyResultScore + "]";
  }

  /**
   * Builder for {@link SqlExecutionScorer}; {@link #database} has no default.
   *
   * @since 0.1
   */
  public static final class Builder {
    private SqlDatabase database;
    private String h2Script;

    /** Longest a query may run. Default {@link SqlSandbox#DEFAULT_TIMEOUT} (30 s), a safety net only. */
    private Duration timeout = SqlSandbox.DEFAULT_TIMEOUT;

    /** Most rows read per query. Default 1000: results past that are rarely an answer. */
    private int maxRows = SqlSandbox.DEFAULT_MAX_ROWS;

    /**
     * Value of a query that executes but returns no rows, in [0, 1]. Default 1.0 (it executes);
     * 0.5 is a common choice when empty results should rank below non-empty ones.
     */
    private double emptyResultScore = 1.0;

    private Builder() {}

    /** Where queries run; the caller keeps ownership. Required (or {@link #h2Script}). */
    public Builder database(SqlDatabase database) {
      this.database = Objects.requireNonNull(database, "database");
      this.h2Script = null;
      return this;
    }

    /**
     * A new in-memory H2 database built from a schema and data script when the scorer is built, owned
     * by the scorer (dropped on {@link SqlExecutionScorer#close()}).
     */
    public Builder h2Script(String script) {
      this.h2Script = Objects.requireNonNull(script, "script");
      this.database = null;
      return this;
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
      if (database == null && h2Script == null) {
        throw new ConfigurationException(
            "sql-execution needs a database: database(...) or h2Script(schema and data SQL)");
      }
      if (!(emptyResultScore >= 0.0 && emptyResultScore <= 1.0)) {
        throw new ConfigurationException(
            "sql-execution emptyResultScore must be in [0, 1], got " + emptyResultScore);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConfigurationException("sql-execution timeout must be > 0, got " + timeout);
      }
      if (maxRows < 1 || maxRows == Integer.MAX_VALUE) {
        throw new ConfigurationException(
            "sql-execution maxRows must be in [1, " + (Integer.MAX_VALUE - 1) + "], got " + maxRows);
      }
      boolean owns = database == null;
      SqlDatabase db = owns ? H2Database.fromScript(h2Script) : database; // last: nothing to leak before
      return new SqlExecutionScorer(new SqlSandbox(db, timeout, maxRows), emptyResultScore, owns);
    }
  }
}
