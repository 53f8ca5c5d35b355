package ai.tao.rewards.spi;

import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.sql.SqlExecutionScorer;
import java.util.Set;

/**
 * Creates the {@code sql-execution} scorer ({@link SqlExecutionScorer}) on an in-memory H2
 * database.
 *
 * <p>Options: exactly one of {@code script} (schema and data SQL) or {@code scriptFile} (its path);
 * {@code timeoutMs} (default 30000, a safety net), {@code maxRows} (default 1000), {@code emptyResultScore}
 * (default 1.0).
 *
 * @since 0.1
 */
public final class SqlExecutionScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "sql-execution";
  }

  @Override
  public String description() {
    return "1 if the completion's SQL runs as a single read-only query. Options: script |"
        + " scriptFile, timeoutMs, maxRows, emptyResultScore";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(),
        Options.keys(Options.SQL_DATABASE, Options.SQL_EXECUTION, Set.of("emptyResultScore")));
    return Options.execution(options, Options.script(name(), options))
        .emptyResultScore(options.doubleValue("emptyResultScore", 1.0))
        .build();
  }
}
