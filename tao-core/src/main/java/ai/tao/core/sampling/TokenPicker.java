package ai.tao.core.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Chooses the next token of every row from (B, V) logits, on the device, in a fixed handful of ops.
 *
 * <p>Sampling is by inverse CDF: the row's probabilities (after temperature, top-k and top-p) are
 * summed along the vocabulary, and the token chosen is the first whose running sum exceeds u times
 * the total, with u uniform in [0, 1) drawn by the caller. One uniform per row and step, drawn from
 * the row's own stream in Java, is what makes a seeded sample independent of anything else in the
 * JVM: no engine-global generator is read or reseeded. (DJL's PyTorch engine has no multinomial.)
 *
 * <p>The returned log-probability is that of the chosen token under softmax(logits/τ) (τ = 1 when
 * greedy), before top-k/top-p truncation: the distribution an RL trainer recomputes.
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

  /** What an excluded token's logit drops by: its probability becomes exactly 0 in float32. */
  private static final float EXCLUDED = -1e9f;

  /** The chosen ids (B) int64 and their log-probabilities (B) float32, in the logits' manager. */
  record Picked(NDArray ids, NDArray logProbs) {}

  private static NDArray exclude(NDArray logits, NDArray mask) {
    return logits.add(mask.toType(DataType.FLOAT32, false).mul(EXCLUDED));
  }

  boolean greedy() {
    return temperature == 0;
  }

  /**
   * @param logits (B, V) next-token logits
   * @param uniforms B values in [0, 1), one per row; ignored (may be null) when greedy
   */
  Picked pick(NDArray logits, float[] uniforms) {
    if (greedy()) {
      NDArray next = logits.argMax(-1); // (B)
      NDArray lp = logits.logSoftmax(-1).gather(next.expandDims(-1), -1).squeeze(-1);
      return new Picked(next, lp);
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
      // Keep the smallest set of tokens, by descending probability, whose mass reaches topP: the
      // first token always, then each whose predecessors' mass is still below topP.
      NDArray sorted = filtered.sort(-1).flip(1); // (B, V) descending
      NDArray probs = sorted.softmax(-1);
      NDArray kept = probs.cumSum(1).sub(probs).lte(topP).toType(DataType.INT64, false).sum(new int[] {1}, true);
      NDArray keptMin = sorted.gather(kept.sub(1L), 1); // (B, 1) the smallest kept logit
      filtered = exclude(filtered, filtered.lt(keptMin));
    }
    NDArray cdf = filtered.softmax(-1).cumSum(1); // (B, V), last column ≈ 1
    NDArray u = logits.getManager().create(uniforms, new Shape(uniforms.length, 1)); // (B, 1)
    NDArray threshold = cdf.get(new NDIndex(":, -1:")).mul(u); // (B, 1), below the row's total
    // The first index whose running sum exceeds the threshold = how many do not exceed it.
    NDArray next = cdf.lte(threshold).toType(DataType.INT64, false).sum(new int[] {1}); // (B)
    NDArray lp = logp.gather(next.expandDims(-1), -1).squeeze(-1);
    return new Picked(next, lp);
  }
}
