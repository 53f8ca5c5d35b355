package ai.tao.benchmarks.suite;

import ai.tao.core.model.ModelConfig;

/**
 * The matmul FLOPs a hot path needs on a decoder, counted from its shape (2 per multiply-add):
 * per token and layer the q, k, v and o projections, the gated MLP's three, and attention's scores
 * and weighted sum over the context; per token that needs logits, the LM head. Norms, RoPE,
 * softmax and sampling are left out, so the fraction of the GEMM rate is a lower bound.
 */
final class MatmulFlops {
  private MatmulFlops() {}

  /**
   * One rollout: {@code batch} prompts of {@code prompt} tokens prefilled, then {@code newTokens}
   * decoded one at a time; logits for the last prompt position and each new token but the last.
   */
  static double rollout(ModelConfig c, int batch, int prompt, int newTokens) {
    long tokens = prompt + newTokens - 1;
    double context = 0; // positions attended, summed over the processed tokens
    for (long t = 1; t <= tokens; t++) {
      context += t;
    }
    return batch * (tokens * perTokenLinear(c) + context * perContextPosition(c) + newTokens * head(c));
  }

  /** One train step: forward on {@code batch} × ({@code seq} − 1) tokens with logits at each, backward twice that. */
  static double trainStep(ModelConfig c, int batch, int seq) {
    long tokens = seq - 1L;
    double context = tokens * (tokens + 1) / 2.0;
    double forward = batch * (tokens * (perTokenLinear(c) + head(c)) + context * perContextPosition(c));
    return 3 * forward;
  }

  private static double perTokenLinear(ModelConfig c) {
    double d = c.hiddenSize();
    double q = (double) c.numHeads() * c.headDim();
    double kv = (double) c.numKvHeads() * c.headDim();
    return 2.0 * c.numLayers() * (2 * d * q + 2 * d * kv + 3 * d * c.intermediateSize());
  }

  /** Scores and weighted sum: 2 × heads × head width multiply-adds per attended position and layer. */
  private static double perContextPosition(ModelConfig c) {
    return 2.0 * 2 * c.numHeads() * c.headDim() * c.numLayers();
  }

  private static double head(ModelConfig c) {
    return 2.0 * c.hiddenSize() * c.vocabSize();
  }
}
