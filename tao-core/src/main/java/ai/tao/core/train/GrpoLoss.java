package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.FusedLmHead;
import ai.tao.core.model.TokenRows;

/**
 * The GRPO loss of one micro-batch: clipped surrogate plus β·KL(π‖π_ref) (k3 estimator), averaged
 * as the config says. Separate from the trainer so tests can check its gradient against finite
 * differences. Both terms are per token, and the average is a weighted sum over tokens, so the loss
 * is computed chunk by chunk inside {@link FusedLmHead}.
 */
final class GrpoLoss {
  private GrpoLoss() {}

  /**
   * @param loss scalar, this micro-batch's share of the batch loss, detached
   * @param kl (B, T) per-token KL, detached, or null without a reference
   * @param logProbs (B, T) the policy's log-probs of the targets, detached
   * @param entropy (B, T) detached entropies
   * @param surrogate scalar to backpropagate: its gradient with respect to every weight is the loss's
   */
  record Parts(NDArray loss, NDArray kl, NDArray logProbs, NDArray entropy, NDArray surrogate) {}

  /** A training pass, inside {@code gc}'s scope; the reference's log-probs are computed here. */
  static Parts compute(CausalLm model, KlReference reference, PackedBatch pb, GrpoConfig config,
      int batchSequences, int batchTokens, NDManager m, GradientCollector gc) {
    return compute(model, referenceLogProbs(reference, pb, config, m), pb, config, batchSequences, batchTokens, m, gc);
  }

  /**
   * As above, with the reference's log-probs of {@code pb}'s targets already computed (B, T), or null
   * for no KL term: the reference is frozen, so a trainer computes them once per batch, not once per
   * epoch.
   */
  static Parts compute(CausalLm model, NDArray refLp, PackedBatch pb, GrpoConfig config,
      int batchSequences, int batchTokens, NDManager m, GradientCollector gc) {
    Tokens tokens = Tokens.of(pb, refLp, config.aggregation(), batchSequences, batchTokens);
    NDList kls = new NDList();
    FusedLmHead.Trained t = TokenLogProbs.train(model, pb, m, gc, (lp, from, to) -> {
      Terms terms = terms(lp, tokens.slice(from, to), config);
      if (terms.kl() != null) {
        kls.add(terms.kl().stopGradient());
      }
      return terms.weighted();
    });
    Shape bt = pb.targets().getShape();
    NDArray kl = kls.isEmpty() ? null : TokenRows.joined(kls).reshape(bt);
    return new Parts(t.loss(), kl, t.logProbs(), t.entropy(), t.surrogate());
  }

  /** The loss's value without gradients, by the same formula: what finite differences compare against. */
  static float value(CausalLm model, KlReference reference, PackedBatch pb, GrpoConfig config,
      int batchSequences, int batchTokens, NDManager m) {
    NDArray refLp = referenceLogProbs(reference, pb, config, m);
    NDArray lp = TokenLogProbs.of(model, pb, m).logProbs().reshape(-1);
    Tokens tokens = Tokens.of(pb, refLp, config.aggregation(), batchSequences, batchTokens);
    return terms(lp, tokens, config).weighted().getFloat();
  }

  private static NDArray referenceLogProbs(KlReference reference, PackedBatch pb, GrpoConfig config, NDManager m) {
    return reference != null && config.klCoefficient() > 0 ? reference.logProbs(pb, m) : null;
  }

  /**
   * @param weighted scalar: Σ weight · (clipped surrogate + β·KL) over the tokens
   * @param kl per-token KL, or null without a reference
   */
  private record Terms(NDArray weighted, NDArray kl) {}

  private static Terms terms(NDArray lp, Tokens t, GrpoConfig config) {
    NDArray perToken = config.objective().loss(lp, t.old(), t.advantages());
    NDArray kl = null;
    if (t.reference() != null) {
      NDArray r = t.reference().sub(lp);
      kl = r.exp().sub(r).sub(1f);
      perToken = perToken.add(kl.mul((float) config.klCoefficient()));
    }
    return new Terms(perToken.mul(t.weights()).sum(), kl);
  }

  /**
   * The batch flattened to its B·T tokens (or a slice of them): sampling-time log-probs, each
   * token's sequence advantage, the reference's log-probs (or null) and each token's weight in the
   * average.
   */
  private record Tokens(NDArray old, NDArray advantages, NDArray reference, NDArray weights) {
    static Tokens of(PackedBatch pb, NDArray refLp, LossAggregation how, int batchSequences, int batchTokens) {
      Shape bt = pb.targets().getShape();
      return new Tokens(pb.oldLogProbs().reshape(-1), pb.advantages().broadcast(bt).reshape(-1),
          refLp == null ? null : refLp.reshape(-1),
          tokenWeights(pb.lossMask(), how, batchSequences, batchTokens).reshape(-1));
    }

    Tokens slice(long from, long to) {
      return new Tokens(TokenRows.range(old, from, to), TokenRows.range(advantages, from, to),
          reference == null ? null : TokenRows.range(reference, from, to), TokenRows.range(weights, from, to));
    }
  }

  /**
   * (B, T) each token's weight, so that Σ weight · loss is this micro-batch's share of the batch loss
   * and accumulated gradients equal the full-batch ones: 1/batchTokens on every loss token
   * (token mean), or 1/(its sequence's tokens · batchSequences) (sequence mean).
   */
  static NDArray tokenWeights(NDArray mask, LossAggregation how, int batchSequences, int batchTokens) {
    if (how == LossAggregation.TOKEN_MEAN) {
      return mask.div((float) batchTokens);
    }
    return mask.div(mask.sum(new int[] {1}, true).maximum(1f)).div((float) batchSequences); // (B, T)
  }
}
