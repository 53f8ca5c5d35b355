package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;

/**
 * The GRPO loss of one micro-batch: clipped surrogate plus β·KL(π‖π_ref) (k3 estimator), averaged
 * as the config says. Separate from the trainer so tests can check its gradient against finite
 * differences.
 */
final class GrpoLoss {
  private GrpoLoss() {}

  /** Loss and its parts: {loss (scalar), per-token KL (B, T) or null, log-probs (B, T), entropy (B, T)}. */
  static NDArray[] compute(CausalLm model, CausalLm reference, PackedBatch pb, GrpoConfig config,
      int batchSequences, int batchTokens, NDManager m, boolean training) {
    NDArray refLp = null;
    if (reference != null && config.klCoefficient() > 0) {
      try (var g = TaoRuntime.noGrad()) {
        refLp = TokenLogProbs.of(reference, pb, config.temperature(), m, false)[0];
      }
    }
    NDArray[] lpAndEntropy = TokenLogProbs.of(model, pb, config.temperature(), m, training);
    NDArray lp = lpAndEntropy[0];
    NDArray perToken = config.objective().loss(lp, pb.oldLogProbs(), pb.advantages());
    NDArray kl = null;
    if (refLp != null) {
      NDArray r = refLp.sub(lp);
      kl = r.exp().sub(r).sub(1f);
      perToken = perToken.add(kl.mul((float) config.klCoefficient()));
    }
    NDArray loss = aggregate(perToken, pb.lossMask(), config.aggregation(), batchSequences, batchTokens);
    return new NDArray[] {loss, kl, lp, lpAndEntropy[1]};
  }

  /** This micro-batch's share of the batch loss, so accumulated gradients equal the full-batch ones. */
  static NDArray aggregate(NDArray perToken, NDArray mask, LossAggregation how, int batchSequences,
      int batchTokens) {
    NDArray masked = perToken.mul(mask);
    if (how == LossAggregation.TOKEN_MEAN) {
      return masked.sum().div((float) batchTokens);
    }
    NDArray perSeq = masked.sum(new int[] {1}).div(mask.sum(new int[] {1}).maximum(1f)); // (B)
    return perSeq.sum().div((float) batchSequences);
  }
}
