package ai.tao.rewards.spi;

import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlResultAgreementScorer;
import java.util.Set;

/**
 * Creates the {@code sql-result-agreement} scorer ({@link SqlResultAgreementScorer}) on an
 * in-memory H2 database.
 *
 * <p>Options: exactly one of {@code script} or {@code scriptFile}; {@code timeoutMs} (default
 * 2000), {@code maxRows} (default 1000), {@code minVotes} (default 2).
 *
 * @since 0.1
 */
public final class SqlResultAgreementScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "sql-result-agreement";
  }

  @Override
  public String description() {
    return "1 if the SQL's non-empty result is the group's most common one. Options: script |"
        + " scriptFile, timeoutMs, maxRows, minVotes";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(),
        Options.keys(Options.SQL_DATABASE, Options.SQL_EXECUTION, Set.of("minVotes")));
    SqlResultAgreementScorer.Builder b = SqlResultAgreementScorer.builder().minVotes(options.intValue("minVotes", 2));
    SqlExecutionScorer executor = Options.execution(options, Options.script(name(), options)).build();
    try {
      return b.executor(executor).build();
    } catch (RuntimeException e) {
      executor.close(); // no scorer was made to drop the database
      throw e;
    }
  }
}
