package ai.tao.rewards.spi;

import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.sql.SqlConsensusScorer;
import ai.tao.rewards.sql.SqlExecutionScorer;
import java.util.Set;

/**
 * Creates the {@code sql-consensus} scorer ({@link SqlConsensusScorer}) on an in-memory H2
 * database shared by its executor and grounding check.
 *
 * <p>Options: those of {@code sql-execution} ({@code script} | {@code scriptFile}, {@code
 * timeoutMs}, {@code maxRows}) and {@code sql-grounding} ({@code knownValues}, {@code
 * collectKnownValues}, {@code allOrNothing}, {@code questionPattern}, {@code exemptNumbers}), plus
 * {@code minVotes} (default 2), {@code partialCredit} (default 0), {@code memory} (default 256),
 * {@code insensitiveAfter} (default 3), {@code insensitivePenalty} (default 1.0).
 *
 * @since 0.1
 */
public final class SqlConsensusScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "sql-consensus";
  }

  @Override
  public String description() {
    return "1 if grounded, executes and agrees with the grounded consensus; question-insensitive"
        + " results penalised. Options: sql-execution's and sql-grounding's, minVotes,"
        + " partialCredit, memory, insensitiveAfter, insensitivePenalty";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Options.keys(Options.SQL_DATABASE, Options.SQL_EXECUTION,
        Options.SQL_GROUNDING, Set.of("minVotes", "partialCredit", "memory", "insensitiveAfter",
            "insensitivePenalty")));
    SqlConsensusScorer.Builder b = SqlConsensusScorer.builder()
        .minVotes(options.intValue("minVotes", 2))
        .partialCredit(options.doubleValue("partialCredit", 0.0))
        .memory(options.intValue("memory", 256))
        .insensitiveAfter(options.intValue("insensitiveAfter", 3))
        .insensitivePenalty(options.doubleValue("insensitivePenalty", 1.0));
    SqlExecutionScorer executor = Options.execution(options, Options.script(name(), options)).build();
    try {
      return b.executor(executor) // owns the database; the grounding check reads the same one
          .grounding(Options.grounding(name(), options, executor.database(), null))
          .build();
    } catch (RuntimeException e) {
      executor.close(); // no scorer was made to drop the database
      throw e;
    }
  }
}
