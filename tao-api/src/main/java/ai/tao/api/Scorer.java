package ai.tao.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores candidates without labels: the second stage of a step.
 *
 * <p>A scorer sees a whole group at once, so relative scorers (majority vote, pairwise ranking) fit
 * the same contract as per-candidate ones. It must not look for a gold answer: {@link Prompt}
 * carries none by design. Implementations are created by a {@link ai.tao.api.spi.ScorerFactory}
 * and looked up by name in the {@link ScorerRegistry}, or built in code.
 *
 * <p>A scorer may hold resources (a database, a model, an HTTP client). Whoever creates it closes
 * it: the {@link ScorerRegistry} hands out scorers its caller owns, and {@code Tao.tune} never
 * closes the scorer it is given. {@link #close()} does nothing by default. The result of a scorer
 * must not depend on timing (how long a query or a request took within its normal range), so that
 * a seeded run gives the same numbers on an idle machine and on a busy one.
 *
 * @since 0.1
 */
public interface Scorer extends AutoCloseable {

  /** The name this scorer reports under in metrics; usually its factory's name. Never blank. */
  String name();

  /**
   * Scores every candidate of a group.
   *
   * @return exactly {@code group.size()} scores, {@code get(i)} scoring {@code group.candidate(i)};
   *     use {@link Score#notApplicable} for candidates this scorer cannot judge
   * @throws ScoringException if scoring fails
   */
  List<Score> score(CandidateGroup group);

  /**
   * The answer {@code candidate} gives, as this scorer compares answers: an agreement scorer returns
   * the answer it extracts and votes on. The loop uses it for its question-independence signal (one
   * answer given to different questions, {@link StepMetrics#sharedAnswerFraction()}). Empty by
   * default: the scorer has no notion of an answer, and the loop compares whole completion texts.
   *
   * @since 0.3
   */
  default Optional<String> answerOf(Prompt prompt, Completion candidate) {
    return Optional.empty();
  }

  /**
   * What this scorer counted since the previous call (calls made, tokens spent, cache hits,
   * failures), under stable names, and resets the counts. The loop drains it once per step into
   * {@link StepMetrics#scorerCounters()}. Composite scorers prefix their parts' names. Empty by
   * default.
   *
   * @since 0.3
   */
  default Map<String, Double> drainCounters() {
    return Map.of();
  }

  /** Releases what the scorer holds. Idempotent; nothing by default. */
  @Override
  default void close() {}
}
