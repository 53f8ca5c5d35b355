package ai.tao.api;

import java.util.List;

/**
 * Scores candidates without labels: the second stage of a round.
 *
 * <p>A scorer sees a whole group at once, so relative scorers (majority vote, pairwise ranking) fit
 * the same contract as per-candidate ones. It must not look for a gold answer: {@link Prompt}
 * carries none by design. Implementations are created by a {@link ai.tao.api.spi.ScorerFactory}
 * and looked up by name in the {@link ScorerRegistry}.
 *
 * @since 0.1
 */
public interface Scorer {

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
}
