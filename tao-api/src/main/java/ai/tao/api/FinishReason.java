package ai.tao.api;

/**
 * Why generation of one completion stopped.
 *
 * @since 0.1
 */
public enum FinishReason {
  /** The model emitted its end-of-sequence token. */
  EOS,
  /** The decoded text reached one of {@link SamplingParams#stopStrings()}. */
  STOP_STRING,
  /**
   * {@link SamplingParams#maxNewTokens()} was reached: the completion is truncated. Scorers and
   * reports should treat a high share of these as a sign the token budget is too small.
   */
  LENGTH
}
