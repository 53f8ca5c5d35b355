package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * PPO's clipped surrogate (Schulman et al. 2017) per token, as GRPO uses it:
 * {@code −min(ρ·A, clip(ρ, 1−εlow, 1+εhigh)·A)} with ρ = exp(logπ − logπ_old). The asymmetric upper
 * bound is DAPO's clip-higher; equal bounds give plain PPO.
 *
 * @since 0.1
 */
public record ClippedObjective(double epsLow, double epsHigh) {
  public ClippedObjective {
    if (!(epsLow > 0 && epsLow < 1) || !(epsHigh > 0)) {
      throw new ai.tao.api.ConfigurationException("clip bounds need 0 < epsLow < 1 and epsHigh > 0, got " + epsLow
          + ", " + epsHigh);
    }
  }

  /** Per-token loss (B, T) from log-probs (B, T), sampling-time log-probs (B, T), advantages (B, 1). */
  NDArray loss(NDArray logProbs, NDArray oldLogProbs, NDArray advantages) {
    NDArray ratio = logProbs.sub(oldLogProbs).exp();
    NDArray unclipped = ratio.mul(advantages);
    NDArray clipped = ratio.clip(1 - epsLow, 1 + epsHigh).mul(advantages);
    return NDArrays.minimum(unclipped, clipped).neg();
  }

  /** The same objective for one token, in plain arithmetic: the definition tests hold the tensor form to. */
  public double loss(double logProb, double oldLogProb, double advantage) {
    double ratio = Math.exp(logProb - oldLogProb);
    double clippedRatio = Math.min(Math.max(ratio, 1 - epsLow), 1 + epsHigh);
    return -Math.min(ratio * advantage, clippedRatio * advantage);
  }

  /** 1 where the ratio lies outside the clip range (B, T). */
  NDArray clipped(NDArray logProbs, NDArray oldLogProbs) {
    NDArray ratio = logProbs.sub(oldLogProbs).exp();
    return ratio.lt(1 - epsLow).logicalOr(ratio.gt(1 + epsHigh)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
  }
}
