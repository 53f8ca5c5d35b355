package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.tao.core.model.CausalLm;

/**
 * The GRPO loss of one micro-batch: clipped surrogate plus β·KL(π‖π_ref) (k3 estimator), averaged
 * as the config says. Separate from the trainer so tests can check its gradient against finite
 * differences.
 */
final class GrpoLoss {
  private GrpoLoss() {}

  /**
   * @param loss scalar, this micro-batch's share of the batch loss
   * @param kl (B, T) per-token KL, or null without a reference
   * @param logProbs (B, T) the policy's log-probs of the targets
   * @param entropy (B, T) detached entropies
   */
  record Parts(NDArray loss, NDArray kl, NDArray logProbs, NDArray entropy) {}

  static Parts compute(CausalLm model, KlReference reference, PackedBatch pb, GrpoConfig config,
      int batchSequences, int batchTokens, NDManager m, boolean training) {
    NDArray refLp = reference != null && config.klCoefficient() > 0 ? reference.logProbs(pb, m) : null;
    return compute(model, refLp, pb, config, batchSequences, batchTokens, m, training);
  }

  /**
   * As above, with the reference's log-probs of {@code pb}'s targets already computed (B, T), or null
   * for no KL term: the reference is frozen, so a trainer computes them once per batch, not once per
   * epoch.
   */
  static Parts compute(CausalLm model, NDArray refLp, PackedBatch pb, GrpoConfig config,
      int batchSequences, int batchTokens, NDManager m, boolean training) {
    TokenLogProbs.Result policy = TokenLogProbs.of(model, pb, m, training);
    NDArray lp = policy.logProbs();
    NDArray perToken = config.objective().loss(lp, pb.oldLogProbs(), pb.advantages());
    NDArray kl = null;
    if (refLp != null) {
      NDArray r = refLp.sub(lp);
      kl = r.exp().sub(r).sub(1f);
      perToken = perToken.add(kl.mul((float) config.klCoefficient()));
    }
    NDArray loss = aggregate(perToken, pb.lossMask(), config.aggregation(), batchSequences, batchTokens);
    return new Parts(loss, kl, lp, policy.entropy());
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
