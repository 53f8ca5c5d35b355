package ai.tao.api;

import java.util.List;

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

  /** Releases what the scorer holds. Idempotent; nothing by default. */
  @Override
  default void close() {}
}
