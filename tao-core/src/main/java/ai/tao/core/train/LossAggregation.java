package ai.tao.core.train;

/**
 * How per-token losses become one number.
 *
 * @since 0.1
 */
public enum LossAggregation {
  /**
   * Sum over every completion token of the batch divided by their count (DAPO). Long and short
   * completions weigh the same per token; the default.
   */
  TOKEN_MEAN,
  /** Mean over each sequence's tokens, then over sequences (the original GRPO). */
  SEQUENCE_MEAN
}
