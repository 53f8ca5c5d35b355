package ai.tao.rewards.judge;

/**
 * How an {@link JudgeScorer} asks its judge model.
 *
 * <ul>
 *   <li>{@link #POINTWISE}: one call per distinct candidate; a rubric grades it, the reply ends with
 *       {@code Score: N} in the scorer's range, normalised to [0, 1].
 *   <li>{@link #PAIRWISE}: one call per ordered pair, each pair asked in both orders; the reply ends
 *       with {@code Winner: A}, {@code Winner: B} or {@code Winner: tie}. The two orders must agree
 *       for a win, otherwise the pair is a tie. A candidate's score is its win rate (a tie counts
 *       half) over the pairs it took part in. See {@link PairwiseJudging} for the pairing.
 *   <li>{@link #GROUP}: group-relative, as in OpenPipe's RULER: one call shows the judge every
 *       distinct candidate, in an order shuffled by a seed taken from the prompt id and the
 *       candidate texts, and the judge returns one score per candidate ({@code {"scores": [...]}}
 *       or lines {@code 1: 7}), mapped back to the candidates.
 * </ul>
 *
 * @since 0.3
 */
public enum JudgeMode {
  POINTWISE,
  PAIRWISE,
  GROUP;

  /** The name of the mode in options and cache keys: {@code pointwise}, {@code pairwise}, {@code group}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
