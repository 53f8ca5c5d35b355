package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.GradientCollector;
import ai.tao.core.TaoRuntime;

/**
 * The LM head, log-softmax and target gather of a training pass, fused and run over chunks of
 * tokens, so that no (tokens, vocabulary) tensor larger than one chunk is ever made (the technique of
 * Liger's fused linear cross-entropy and Cut Cross-Entropy). A plain autograd pass holds the logits,
 * their log-softmax, the entropy's temporaries and two vocabulary-sized gradients for every token at
 * once: six (B·T, V) tensors, each too large for the allocator to reuse, so every step faults them in
 * page by page. Here each chunk's three (n, V) tensors are freed before the next chunk.
 *
 * <p>For a chunk of n tokens with hidden states h (n, d) and head W (V, d), z = h·Wᵀ/τ and
 * lp = log_softmax(z)[target]. With g = ∂L/∂lp (from the caller's per-token loss, by autograd on
 * the n log-probs alone), ∂L/∂z = (g/τ)·(onehot(target) − softmax(z)). The softmax part is formed
 * in the chunk and multiplied out at once: G = −(g/τ)·p gives ∂L/∂h = G·W and ∂L/∂W = Gᵀ·h. The
 * one-hot part is left to autograd through a gather of W's target rows. The {@link
 * Trained#surrogate} collects both: a scalar whose gradient with respect to every weight is the
 * loss's, so one backward pass from it trains the model below the head.
 */
public final class FusedLmHead {
  /** Elements of one chunk's (n, V) tensor: 4M floats, 16 MB. */
  static final long CHUNK_ELEMENTS = 1L << 22;

  private FusedLmHead() {}

  /**
   * @param logProbs (N) log-probabilities of the targets, detached
   * @param entropy (N) entropy of each token's distribution, detached (a metric)
   */
  public record Forward(NDArray logProbs, NDArray entropy) {}

  /**
   * The loss of tokens [from, to) of the flattened batch, given their log-probabilities (to − from),
   * as a scalar in the autograd graph of {@code logProbs}. The batch loss is the sum over chunks, so
   * the loss must be a sum over tokens (a mean is a sum with weights).
   */
  @FunctionalInterface
  public interface TokenLoss {
    NDArray of(NDArray logProbs, long from, long to);
  }

  /**
   * @param loss the summed {@link TokenLoss} over all chunks, a detached scalar (the value to report)
   * @param logProbs (N) detached
   * @param entropy (N) detached
   * @param surrogate scalar in the graph of the hidden states and the head: backpropagate this, not
   *     {@code loss}; its value has no meaning
   */
  public record Trained(NDArray loss, NDArray logProbs, NDArray entropy, NDArray surrogate) {}

  /**
   * Log-probabilities of {@code targets} without gradients.
   *
   * @param hidden (N, d) normalised hidden states
   * @param targets (N) int64
   * @param inverseTemperatures (N) 1/τ per token, or null when every τ is 1
   */
  public static Forward logProbs(CausalLm model, NDArray hidden, NDArray targets, NDArray inverseTemperatures) {
    return logProbs(model, hidden, targets, inverseTemperatures, chunkTokens(model.config()));
  }

  /** As above, {@code step} tokens per chunk. */
  static Forward logProbs(CausalLm model, NDArray hidden, NDArray targets, NDArray inverseTemperatures, long step) {
    try (var g = TaoRuntime.noGrad()) {
      NDList lps = new NDList();
      NDList ents = new NDList();
      long n = hidden.getShape().get(0);
      for (long from = 0; from < n; from += step) {
        Chunk c = Chunk.of(model, hidden, targets, inverseTemperatures, from, Math.min(n, from + step));
        c.probs.close();
        lps.add(c.logProbs);
        ents.add(c.entropy);
      }
      return new Forward(TokenRows.joined(lps), TokenRows.joined(ents));
    }
  }

  /**
   * A training pass through the head: per-token log-probabilities, the loss, and the surrogate to
   * backpropagate. Call inside {@code gc}'s scope; {@code hidden} must be in the autograd graph.
   *
   * @param hidden (N, d) normalised hidden states, in the graph
   * @param targets (N) int64
   * @param inverseTemperatures (N) 1/τ per token, or null when every τ is 1
   */
  public static Trained train(CausalLm model, NDArray hidden, NDArray targets, NDArray inverseTemperatures,
      GradientCollector gc, TokenLoss loss) {
    return train(model, hidden, targets, inverseTemperatures, gc, loss, chunkTokens(model.config()));
  }

  /** As above, {@code step} tokens per chunk. */
  static Trained train(CausalLm model, NDArray hidden, NDArray targets, NDArray inverseTemperatures,
      GradientCollector gc, TokenLoss loss, long step) {
    NDArray w = model.weights().lmHead(); // (V, d)
    boolean headTrains = w.hasGradient(); // frozen under LoRA
    NDArray detached = hidden.stopGradient();
    long n = hidden.getShape().get(0);
    NDList lps = new NDList();
    NDList ents = new NDList();
    NDList hiddenGrads = new NDList(); // ∂L/∂h from the softmax part, (n, d) per chunk
    NDList targetGrads = new NDList(); // g/τ, the one-hot part's weight, (n) per chunk
    NDArray headGrad = null; // ∂L/∂W from the softmax part, (V, d)
    NDList chunkLosses = new NDList(); // summed on the device: a host read per chunk would sync a GPU each time
    for (long from = 0; from < n; from += step) {
      long to = Math.min(n, from + step);
      Chunk c;
      try (var g = TaoRuntime.noGrad()) {
        c = Chunk.of(model, detached, targets, inverseTemperatures, from, to);
      }
      NDArray leaf = c.logProbs.duplicate(); // (n) a leaf of the caller's small graph
      leaf.setRequiresGradient(true);
      NDArray chunkLoss = loss.of(leaf, from, to);
      chunkLosses.add(chunkLoss.stopGradient().reshape(1));
      gc.backward(chunkLoss);
      try (var g = TaoRuntime.noGrad(); NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray grad = leaf.getGradient(); // (n) ∂L/∂lp
        NDArray scaled = inverseTemperatures == null ? grad : grad.mul(TokenRows.range(inverseTemperatures, from, to)); // g/τ
        NDArray softmaxPart = c.probs.muli(scaled.neg().expandDims(-1)); // (n, V) G = −(g/τ)·p, in place
        NDArray dh = softmaxPart.matMul(w); // (n, d)
        if (headTrains) {
          NDArray dw = softmaxPart.transpose().matMul(TokenRows.range(detached, from, to)); // (V, d)
          headGrad = headGrad == null ? dw : headGrad.addi(dw);
          NDScope.unregister(headGrad);
        }
        NDScope.unregister(dh, scaled);
        hiddenGrads.add(dh);
        targetGrads.add(scaled);
      }
      c.probs.close();
      leaf.close();
      lps.add(c.logProbs);
      ents.add(c.entropy);
    }
    NDArray dh = TokenRows.joined(hiddenGrads); // (N, d)
    NDArray targetRows = Embedding.embedding(targets, w, SparseFormat.DENSE).singletonOrThrow(); // (N, d) W[target]
    NDArray surrogate = hidden.mul(dh.add(targetRows.mul(TokenRows.joined(targetGrads).expandDims(-1)))).sum();
    if (headGrad != null) {
      surrogate = surrogate.add(w.mul(headGrad).sum());
    }
    NDArray lossValue = TokenRows.joined(chunkLosses).sum();
    return new Trained(lossValue, TokenRows.joined(lps), TokenRows.joined(ents), surrogate);
  }

  /**
   * One chunk's forward, made without gradients.
   *
   * @param logProbs (n) of the targets
   * @param entropy (n)
   * @param probs (n, V) softmax; the caller closes it
   */
  private record Chunk(NDArray logProbs, NDArray entropy, NDArray probs) {
    static Chunk of(CausalLm model, NDArray hidden, NDArray targets, NDArray inverseTemperatures, long from,
        long to) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray z = model.head(TokenRows.range(hidden, from, to)); // (n, V)
        if (inverseTemperatures != null) {
          z.muli(TokenRows.range(inverseTemperatures, from, to).expandDims(-1));
        }
        NDArray logp = z.logSoftmax(-1); // (n, V)
        z.close();
        NDArray lp = logp.gather(TokenRows.range(targets, from, to).expandDims(-1), -1).squeeze(-1); // (n)
        NDArray p = logp.exp(); // (n, V)
        NDArray entropy = logp.muli(p).sum(new int[] {-1}).neg(); // (n): −Σ p·log p, reusing logp's memory
        NDScope.unregister(lp, entropy, p);
        return new Chunk(lp, entropy, p);
      }
    }
  }

  /**
   * Tokens per chunk: {@link #CHUNK_ELEMENTS} / V, but at least d, because every chunk also makes a
   * (V, d) head gradient: below d tokens that product would cost more memory traffic than the chunk.
   */
  static long chunkTokens(ModelConfig c) {
    return Math.max(Math.max(1, CHUNK_ELEMENTS / c.vocabSize()), c.hiddenSize());
  }

}
