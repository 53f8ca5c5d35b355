package ai.tao.benchmarks.demo;

import ai.tao.api.Scorer;
import ai.tao.benchmarks.sql.SqlSchema;
import ai.tao.rewards.H2Database;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.SqlCue;
import ai.tao.rewards.SqlExecutionScorer;
import ai.tao.rewards.SqlGroundingScorer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The demo's label-free rewards, for the main run and the ablation. Each reads only the prompt (the
 * question) and the candidates, and runs SQL on its own copy of the database.
 */
enum DemoScorers {
  /** Agreement must be earned: grounded, executing, and in the plurality of grounded results. */
  BOTH,
  /** Agreement of informative result sets, grounding unchecked. */
  CONSENSUS_ONLY,
  /** Grounding in the question and schema, no agreement. */
  GROUNDING_ONLY;

  static final Pattern QUESTION = Pattern.compile("^Q: (.*)\\nSQL: $", Pattern.DOTALL);

  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Grounded: literals from the question, the question's values used, schema names only, and the
   * question's aggregate words ("average", "how many", ...) answered by the matching SQL function,
   * and the columns it names ("city") used.
   */
  static SqlGroundingScorer grounding(H2Database db, SqlSchema schema) {
    List<String> known = schema.distinctValues().values().stream().flatMap(List::stream).distinct().toList();
    return Scorers.sqlGrounding().database(db).knownValues(known).questionPattern(QUESTION)
        .cues(SqlCue.englishAggregates()).columnCues(true).allOrNothing(true).build();
  }

  Scorer create(H2Database db, SqlSchema schema) {
    SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
    SqlGroundingScorer grounding = grounding(db, schema);
    return switch (this) {
      case BOTH -> Scorers.sqlConsensus().executor(exec).grounding(grounding).build();
      case CONSENSUS_ONLY -> Scorers.sqlResultAgreement().executor(exec).build();
      case GROUNDING_ONLY -> grounding;
    };
  }
}
