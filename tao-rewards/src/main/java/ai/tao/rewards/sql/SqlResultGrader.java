package ai.tao.rewards.sql;

import ai.tao.api.DataInputException;
import ai.tao.api.Grader;
import ai.tao.api.Prompt;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Grades SQL by what it returns: a completion is correct when its query, run in the same {@link
 * SqlSandbox} the SQL rewards use, gives the same answer as the reference query ({@link
 * ResultSetSnapshot#sameResult}, the one notion of equality). For evaluation only: it reads gold
 * SQL, which no scorer may.
 *
 * <p>Results are cached per query text (a bounded LRU), so grading many models on one set runs
 * each gold query once. The answer key for majority voting is a result's canonical form; a query
 * that does not execute gives no answer.
 *
 * @since 0.2
 */
public final class SqlResultGrader implements Grader, AutoCloseable {
  private static final int CACHE_SIZE = 50_000;

  private final SqlSandbox sandbox;
  private final boolean ownsDatabase;
  private final Map<String, SqlRun> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SqlRun> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  private SqlResultGrader(SqlSandbox sandbox, boolean ownsDatabase) {
    this.sandbox = sandbox;
    this.ownsDatabase = ownsDatabase;
  }

  /** A grader on {@code sandbox}; its database stays the caller's. */
  public static SqlResultGrader on(SqlSandbox sandbox) {
    return new SqlResultGrader(Objects.requireNonNull(sandbox, "sandbox"), false);
  }

  /** A grader on a new in-memory H2 database built from {@code script}, which it drops on close. */
  public static SqlResultGrader h2(String script) {
    return new SqlResultGrader(SqlSandbox.of(H2Database.fromScript(script)), true);
  }

  public SqlSandbox sandbox() {
    return sandbox;
  }

  @Override
  public String name() {
    return "sql-result";
  }

  /**
   * @throws DataInputException if the reference query itself does not execute, or returns more
   *     rows than the sandbox reads (a truncated reference could match nothing)
   */
  @Override
  public boolean correct(Prompt prompt, String completion, String reference) {
    SqlRun gold = run(reference);
    if (!gold.executed()) {
      throw new DataInputException("reference SQL of prompt '" + prompt.id() + "' does not execute: " + gold.reason()
          + " (" + reference + ")");
    }
    if (gold.result().orElseThrow().truncated()) {
      throw new DataInputException("reference SQL of prompt '" + prompt.id() + "' returns more than "
          + sandbox.maxRows() + " rows, which the sandbox does not read; raise maxRows (" + reference + ")");
    }
    SqlRun got = runCompletion(completion);
    return got.executed() && got.result().orElseThrow().sameResult(gold.result().orElseThrow());
  }

  @Override
  public Optional<String> answerKey(Prompt prompt, String completion) {
    SqlRun r = runCompletion(completion);
    return r.result().filter(s -> !s.truncated()).map(ResultSetSnapshot::canonical);
  }

  /** The run of a completion's SQL, found by {@link SqlExtractor}, cached by text. */
  public SqlRun runCompletion(String completion) {
    return SqlExtractor.extract(completion).map(this::run)
        .orElseGet(() -> SqlRun.failed(SqlRun.Status.NO_SQL, "", "no SQL found in the completion"));
  }

  private synchronized SqlRun run(String sql) {
    SqlRun cached = cache.get(sql);
    if (cached == null) {
      cached = sandbox.run(sql);
      cache.put(sql, cached);
    }
    return cached;
  }

  /** Drops the database if this grader created it. */
  @Override
  public void close() {
    if (ownsDatabase) {
      sandbox.database().close();
    }
  }
}
