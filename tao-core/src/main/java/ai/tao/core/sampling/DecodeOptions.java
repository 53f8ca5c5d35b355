package ai.tao.core.sampling;

/**
 * How the sampler spends its compute. Both are on by default and change no sample beyond float
 * rounding (a batch's shape changes how matmuls round); turning one off is for measuring it.
 *
 * @param sharePrefill rows with the same prompt (a group of candidates) share one prefill pass
 *     and copy its KV cache, instead of each row prefilling its own copy
 * @param compactFinished finished rows leave the batch once a quarter of it has finished, instead
 *     of riding along until the last row ends
 * @since 0.2
 */
public record DecodeOptions(boolean sharePrefill, boolean compactFinished) {
  /** Both on. */
  public static final DecodeOptions DEFAULT = new DecodeOptions(true, true);
}
