package ai.tao.rewards.spi;

import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.sql.SqlGroundingScorer;

/**
 * Creates the {@code sql-grounding} scorer ({@link SqlGroundingScorer}) on an in-memory H2
 * database.
 *
 * <p>Options: exactly one of {@code script} or {@code scriptFile}; {@code knownValues=a,b}
 * (default none), {@code collectKnownValues} (max distinct values per text column, default 0 =
 * off), {@code allOrNothing} (default false), {@code questionPattern} (default: whole prompt),
 * {@code exemptNumbers=0,1} (default 0,1), {@code cues=english-aggregates} (default none), {@code columnCues} (default false); cues read the
 * question, so set {@code questionPattern} when prompts carry a schema or instructions.
 *
 * @since 0.1
 */
public final class SqlGroundingScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "sql-grounding";
  }

  @Override
  public String description() {
    return "fraction of grounding checks passed: literals in the question, question values used,"
        + " schema names only; with cues, aggregate words and named columns answered. Options: script | scriptFile,"
        + " knownValues, collectKnownValues, allOrNothing, questionPattern, exemptNumbers, cues, columnCues";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Options.keys(Options.SQL_DATABASE, Options.SQL_GROUNDING));
    return Options.grounding(name(), options, null, Options.script(name(), options));
  }
}
