package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.FusedLmHead;

/**
 * Per-token log-probabilities (and entropies) of a packed batch's targets under a model at each
 * sequence's temperature, through {@link FusedLmHead}: the batch's (B, T, V) logits are never made
 * whole.
 */
final class TokenLogProbs {
  private TokenLogProbs() {}

  /**
   * @param logProbs (B, T) log-probabilities of the batch's targets under softmax(logits/τ), detached
   * @param entropy (B, T) entropy of that distribution, detached (a metric)
   */
  record Result(NDArray logProbs, NDArray entropy) {}

  /**
   * A training pass: {@link FusedLmHead.Trained} with log-probs and entropies shaped (B, T). {@code
   * loss} sees the batch flattened, tokens [from, to) of its B·T.
   */
  static FusedLmHead.Trained train(CausalLm model, PackedBatch batch, NDManager m, GradientCollector gc,
      FusedLmHead.TokenLoss loss) {
    NDArray h = model.normedHidden(batch.inputs(), batch.attention(), m, true); // (B, T, d)
    Shape bt = batch.targets().getShape();
    FusedLmHead.Trained t = FusedLmHead.train(model, h.reshape(-1, h.getShape().get(2)), batch.targets().reshape(-1),
        perToken(batch), gc, loss);
    return new FusedLmHead.Trained(t.loss(), t.logProbs().reshape(bt), t.entropy().reshape(bt), t.surrogate());
  }

  /** Without gradients. */
  static Result of(CausalLm model, PackedBatch batch, NDManager m) {
    try (var g = TaoRuntime.noGrad()) {
      NDArray h = model.normedHidden(batch.inputs(), batch.attention(), m, false); // (B, T, d)
      Shape bt = batch.targets().getShape();
      FusedLmHead.Forward f = FusedLmHead.logProbs(model, h.reshape(-1, h.getShape().get(2)),
          batch.targets().reshape(-1), perToken(batch));
      return new Result(f.logProbs().reshape(bt), f.entropy().reshape(bt));
    }
  }

  /** (B·T) 1/τ of each token's sequence, or null when every τ is 1. */
  private static NDArray perToken(PackedBatch batch) {
    NDArray inv = batch.inverseTemperatures(); // (B, 1, 1)
    if (inv == null) {
      return null;
    }
    Shape bt = batch.targets().getShape();
    return inv.reshape(bt.get(0), 1).broadcast(bt).reshape(-1);
  }
}
