package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.tao.core.model.CausalLm;

/** Per-token log-probabilities (and entropies) of targets under a model at each sequence's temperature. */
final class TokenLogProbs {
  private TokenLogProbs() {}

  /**
   * @param logProbs (B, T) log-probabilities of the batch's targets under softmax(logits/τ)
   * @param entropy (B, T) entropy of that distribution, detached (a metric)
   */
  record Result(NDArray logProbs, NDArray entropy) {}

  static Result of(CausalLm model, PackedBatch batch, NDManager m, boolean training) {
    NDArray logits = model.forward(batch.inputs(), batch.attention(), m, training); // (B, T, V)
    NDArray scaled = batch.inverseTemperatures() == null ? logits : logits.mul(batch.inverseTemperatures());
    NDArray logp = scaled.logSoftmax(-1);
    NDArray lp = logp.gather(batch.targets().expandDims(-1), -1).squeeze(-1); // (B, T)
    NDArray detached = logp.stopGradient(); // entropy is a metric; keep it out of the graph
    NDArray entropy = detached.exp().mul(detached).sum(new int[] {-1}).neg(); // (B, T)
    return new Result(lp, entropy);
  }
}
