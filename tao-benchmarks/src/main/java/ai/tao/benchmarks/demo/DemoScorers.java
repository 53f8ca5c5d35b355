package ai.tao.benchmarks.demo;

import ai.tao.api.Scorer;
import ai.tao.benchmarks.sql.CompanyDatabase;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.SqlCue;
import ai.tao.rewards.sql.SqlCueMiner;
import ai.tao.rewards.sql.SqlDatabase;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlGroundingScorer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The demo's label-free rewards, for the main run and the ablation. Each reads only the prompt (the
 * question) and the candidates, and runs SQL on its own copy of the database.
 *
 * <p>The aggregate cues are the library's general English ones plus the words {@link SqlCueMiner}
 * learns from the documentation pairs the base model was trained on ({@code docTrain}): the team's
 * own vocabulary, learned from the team's own labeled data. No production question, production
 * template or held-out answer shapes them.
 */
public enum DemoScorers {
  /** Agreement must be earned: grounded, executing, and in the plurality of grounded results. */
  BOTH,
  /** Agreement of informative result sets, grounding unchecked. */
  CONSENSUS_ONLY,
  /** Grounding in the question and schema, no agreement. */
  GROUNDING_ONLY,
  /** The control: 1 or 0 at random (seed 0), no information about the task. */
  RANDOM;

  static final Pattern QUESTION = Pattern.compile("^Q: (.*)\\nSQL: $", Pattern.DOTALL);

  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The cue words learned from the documentation pairs. */
  public static SqlCueMiner.Learned cues(SqlDataset data) {
    return SqlCueMiner.defaults().learn(docExamples(data.docTrain()));
  }

  static List<SqlCueMiner.Example> docExamples(List<SqlTask> tasks) {
    return tasks.stream().map(t -> new SqlCueMiner.Example(t.question(), t.goldSql())).toList();
  }

  /**
   * Grounded: literals from the question, the question's values used, schema names only, the
   * question's aggregate words ("average", "how many", and those learned from the documentation)
   * answered by the matching SQL function, and the columns it names ("city") used.
   */
  static SqlGroundingScorer grounding(SqlDatabase db, CompanyDatabase schema, List<SqlCue> cues) {
    List<String> known = schema.distinctValues().values().stream().flatMap(List::stream).distinct().toList();
    return Scorers.sqlGrounding().database(db).knownValues(known).questionPattern(QUESTION)
        .cues(cues).columnCues(true).allOrNothing(true).build();
  }

  /** This variant's scorer, running SQL through {@code exec}; the database stays the caller's. */
  public Scorer create(SqlExecutionScorer exec, CompanyDatabase schema, List<SqlCue> cues) {
    SqlGroundingScorer grounding = grounding(exec.database(), schema, cues);
    return switch (this) {
      case BOTH -> Scorers.sqlConsensus().executor(exec).grounding(grounding).build();
      case CONSENSUS_ONLY -> Scorers.sqlResultAgreement().executor(exec).build();
      case GROUNDING_ONLY -> grounding;
      case RANDOM -> Scorers.random().build();
    };
  }
}
