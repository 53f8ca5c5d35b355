package ai.tao.benchmarks.docqa;

import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.AnswerExtractor;
import ai.tao.rewards.Scorers;
import java.util.Locale;
import java.util.Map;

/**
 * The DocQA demo's label-free rewards. Each reads only the prompt (statement and question) and the
 * candidates; none knows the task beyond "the answer is a number".
 */
public enum DocQaScorers {
  /** The group's most common number (at least two votes). */
  MAJORITY,
  /** The reward model trained on the documentation labels ({@link DocQaRewardModel}), raw. */
  REWARD_MODEL,
  /** Grounded in the statement ({@code number-grounding}) first; the grounded candidates then vote. */
  GROUNDING_MAJORITY,
  /**
   * The reward model, standardised within the group (weight 0.5), plus majority agreement (weight
   * 1, a 0/1 vote whose spread is at most 0.5): neither dominates. Set before any run.
   */
  RM_MAJORITY,
  /** The control: 1 or 0 at random (seed 0), no information about the task. */
  RANDOM;

  /** As the result file names it: {@code grounding_majority}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Scorer majority() {
    return Scorers.majorityAgreement().extractor(AnswerExtractor.lastNumber()).build();
  }

  /** Whether the variant needs the trained reward model. */
  boolean needsRewardModel() {
    return this == REWARD_MODEL || this == RM_MAJORITY;
  }

  /**
   * The scorer, for a new run (the caller closes it).
   *
   * @param rewardModel the trained reward model's folder; read only by the variants that need it
   */
  public Scorer create(java.nio.file.Path rewardModel) {
    if (needsRewardModel() && rewardModel == null) {
      throw new ai.tao.api.ConfigurationException("variant " + label() + " needs the reward model; train it"
          + " (DocQaDemo does, unless --rm DIR names one)");
    }
    return switch (this) {
      case MAJORITY -> majority();
      case REWARD_MODEL -> Scorers.rewardModel().path(rewardModel).build();
      case GROUNDING_MAJORITY -> Scorers.gated().gate(Scorers.numberGrounding().build()).then(majority()).build();
      case RM_MAJORITY -> Scorers.weighted()
          .add("rm", Scorers.rewardModel().path(rewardModel)
              .normalization(ai.tao.rewards.RewardModelScorer.Normalization.GROUP).build(), 0.5)
          .add("majority", majority(), 1.0).build();
      case RANDOM -> Scorers.random().build();
    };
  }

  /** The variant a result-file label names. */
  static DocQaScorers ofLabel(String label) {
    for (DocQaScorers v : values()) {
      if (v.label().equals(label)) {
        return v;
      }
    }
    throw new ai.tao.api.ConfigurationException("no DocQA reward variant '" + label + "'; variants: "
        + java.util.Arrays.stream(values()).map(DocQaScorers::label).toList());
  }

  /** A scorer by its registry name, for variants supplied from outside (a reward model, say). */
  static Scorer named(String name, Map<String, String> options) {
    return ScorerRegistry.load().create(name, new ScorerOptions(options));
  }
}
