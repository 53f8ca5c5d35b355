package ai.tao.rewards;

import ai.tao.rewards.judge.JudgeScorer;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlConsensusScorer;
import ai.tao.rewards.sql.SqlDatabase;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlGroundingScorer;
import ai.tao.rewards.sql.SqlResultAgreementScorer;
/**
 * Entry points for every scorer of this module, for code that builds rewards directly rather
 * than by name through the {@link ai.tao.api.ScorerRegistry}.
 *
 * <pre>{@code
 * H2Database db = SqlDatabase.h2(schemaAndData);
 * SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
 * SqlGroundingScorer grounding = Scorers.sqlGrounding().database(db).collectKnownValues(50).build();
 * Scorer reward = Scorers.weighted()
 *     .add(Scorers.sqlConsensus().executor(exec).grounding(grounding).build(), 0.8)
 *     .add(Scorers.length().tokens().range(5, 80).build(), 0.2)
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class Scorers {

  private Scorers() {}

  /** {@code regex}: named patterns that must match. */
  public static RegexScorer.Builder regex() {
    return RegexScorer.builder();
  }

  /** {@code json-valid}: the completion parses as JSON. */
  public static JsonValidScorer.Builder jsonValid() {
    return JsonValidScorer.builder();
  }

  /** {@code length}: length inside a target range, linear falloff outside. */
  public static LengthScorer.Builder length() {
    return LengthScorer.builder();
  }

  /** {@code majority-agreement}: the answer agrees with the group's most common answer. */
  public static MajorityAgreementScorer.Builder majorityAgreement() {
    return MajorityAgreementScorer.builder();
  }

  /** {@code sql-execution}: the SQL runs, safely. */
  public static SqlExecutionScorer.Builder sqlExecution() {
    return SqlExecutionScorer.builder();
  }

  /** {@code sql-result-agreement}: the SQL's result agrees with the group's most common result. */
  public static SqlResultAgreementScorer.Builder sqlResultAgreement() {
    return SqlResultAgreementScorer.builder();
  }

  /** {@code sql-grounding}: the SQL uses the question's values and the schema's names only. */
  public static SqlGroundingScorer.Builder sqlGrounding() {
    return SqlGroundingScorer.builder();
  }

  /** {@code sql-consensus}: grounded, executes, and agrees with the grounded consensus. */
  public static SqlConsensusScorer.Builder sqlConsensus() {
    return SqlConsensusScorer.builder();
  }

  /** {@code weighted}: a weighted mean of other scorers. */
  public static WeightedScorer.Builder weighted() {
    return WeightedScorer.builder();
  }

  /** {@code gated}: a gate (a format rule) that must pass before another score counts. */
  public static GatedScorer.Builder gated() {
    return GatedScorer.builder();
  }

  /** {@code router}: one scorer per task, chosen by the prompt's metadata. */
  public static TaskRouterScorer.Builder router() {
    return TaskRouterScorer.builder();
  }

  /**
   * {@code llm-judge}: an LLM judge over an OpenAI-compatible endpoint, pointwise, pairwise or
   * group-relative.
   *
   * @since 0.3
   */
  public static JudgeScorer.Builder llmJudge() {
    return JudgeScorer.builder();
  }

  /** {@code random}: the random-reward control, 1 with probability p, carrying no signal. */
  public static RandomScorer.Builder random() {
    return RandomScorer.builder();
  }

  /** A trained reward model's score of each candidate. */
  public static RewardModelScorer.Builder rewardModel() {
    return RewardModelScorer.builder();
  }

  /** {@code number-grounding}: every number of the answer is in the prompt or one operation on two of its numbers. */
  public static NumberGroundingScorer.Builder numberGrounding() {
    return NumberGroundingScorer.builder();
  }
}
