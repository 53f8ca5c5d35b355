package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.tao.core.model.CausalLm;

/** Per-token log-probabilities (and entropies) of targets under a model at a temperature. */
final class TokenLogProbs {
  private TokenLogProbs() {}

  /**
   * @return {log-probs (B, T), entropies (B, T)} of {@code batch.targets()} under softmax(logits/τ)
   */
  static NDArray[] of(CausalLm model, PackedBatch batch, double temperature, NDManager m, boolean training) {
    NDArray logits = model.forward(batch.inputs(), batch.attention(), m, training); // (B, T, V)
    NDArray scaled = temperature == 1.0 ? logits : logits.div((float) temperature);
    NDArray logp = scaled.logSoftmax(-1);
    NDArray lp = logp.gather(batch.targets().expandDims(-1), -1).squeeze(-1); // (B, T)
    NDArray detached = logp.stopGradient(); // entropy is a metric; keep it out of the graph
    NDArray entropy = detached.exp().mul(detached).sum(new int[] {-1}).neg(); // (B, T)
    return new NDArray[] {lp, entropy};
  }
}
