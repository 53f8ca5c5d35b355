package ai.tao.core.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Chooses the next token of every row from (B, V) logits, on the device, in a fixed handful of ops.
 *
 * <p>DJL's PyTorch engine has no multinomial, so sampling is Gumbel-max: argmax(logits/τ + G) with
 * G = −log(−log U) draws exactly from softmax(logits/τ). Top-k and top-p set the excluded logits to
 * −∞ first. The returned log-probability is that of the chosen token under softmax(logits/τ)
 * (τ = 1 when greedy), before top-k/top-p truncation: the distribution an RL trainer recomputes.
 */
final class TokenPicker {
  private final double temperature;
  private final int topK;
  private final double topP;

  TokenPicker(double temperature, int topK, double topP) {
    this.temperature = temperature;
    this.topK = topK;
    this.topP = topP;
  }

  /**
   * What an excluded token's logit drops by. Gumbel noise stays below ~25 for U ≥ 1e-10, so an
   * excluded token can never win, and unlike −∞ it keeps every value finite.
   */
  private static final float EXCLUDED = -1e9f;

  private static NDArray exclude(NDArray logits, NDArray mask) {
    return logits.add(mask.toType(DataType.FLOAT32, false).mul(EXCLUDED));
  }

  /** Returns {next ids (B) int64, log-probs (B) float32}, both in {@code logits}' manager. */
  NDArray[] pick(NDArray logits) {
    NDManager m = logits.getManager();
    if (temperature == 0) {
      NDArray next = logits.argMax(-1); // (B)
      NDArray lp = logits.logSoftmax(-1).gather(next.expandDims(-1), -1).squeeze(-1);
      return new NDArray[] {next, lp};
    }
    NDArray scaled = temperature == 1.0 ? logits : logits.div((float) temperature); // (B, V)
    NDArray logp = scaled.logSoftmax(-1);
    NDArray filtered = scaled;
    long vocab = logits.getShape().get(1);
    if (topK > 0 && topK < vocab) {
      NDArray kth = scaled.topK(topK, -1, true, true).get(0).get(new NDIndex(":, {}:", topK - 1)); // (B, 1)
      filtered = exclude(filtered, filtered.lt(kth));
    }
    if (topP < 1.0) {
      // Keep the smallest set of tokens, by descending probability, whose mass reaches topP.
      NDArray sorted = filtered.sort(-1).flip(1); // (B, V) descending
      NDArray probs = sorted.softmax(-1);
      NDArray drop = probs.cumSum(1).sub(probs).gt(topP);
      // Dropped entries are pushed up so the minimum is taken over kept ones.
      NDArray keptMin = sorted.sub(drop.toType(DataType.FLOAT32, false).mul(EXCLUDED)).min(new int[] {1}, true);
      filtered = exclude(filtered, filtered.lt(keptMin));
    }
    NDArray u = m.randomUniform(1e-10f, 1f, filtered.getShape(), DataType.FLOAT32);
    NDArray gumbel = u.log().neg().log().neg();
    NDArray next = filtered.add(gumbel).argMax(-1); // (B)
    NDArray lp = logp.gather(next.expandDims(-1), -1).squeeze(-1);
    return new NDArray[] {next, lp};
  }
}
