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
enum DocQaScorers {
  /** The group's most common number (at least two votes). */
  MAJORITY,
  /** Grounded in the statement ({@code number-grounding}) first; the grounded candidates then vote. */
  GROUNDING_MAJORITY,
  /** The control: 1 or 0 at random (seed 0), no information about the task. */
  RANDOM;

  /** As the result file names it: {@code grounding_majority}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Scorer majority() {
    return Scorers.majorityAgreement().extractor(AnswerExtractor.lastNumber()).build();
  }

  Scorer create() {
    return switch (this) {
      case MAJORITY -> majority();
      case GROUNDING_MAJORITY -> Scorers.gated().gate(Scorers.numberGrounding().build()).then(majority()).build();
      case RANDOM -> Scorers.random().build();
    };
  }

  /** A scorer by its registry name, for variants supplied from outside (a reward model, say). */
  static Scorer named(String name, Map<String, String> options) {
    return ScorerRegistry.load().create(name, new ScorerOptions(options));
  }
}
