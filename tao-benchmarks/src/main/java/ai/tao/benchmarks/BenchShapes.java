package ai.tao.benchmarks;

import ai.tao.core.model.ModelConfig;
import java.util.Map;

/**
 * The decoder shapes of the peer benchmark (shared/bench/peer_llama.py), so both run the same
 * model, and a Qwen2-1.5B shape for the memory checks.
 */
public final class BenchShapes {
  private BenchShapes() {}

  private static final Map<String, ModelConfig> SHAPES = Map.of(
      "tiny", shape(64, 172, 5, 8, 4, 512, 10000.0),
      "small", shape(256, 688, 6, 8, 4, 4096, 10000.0),
      "smollm-135m", shape(576, 1536, 30, 9, 3, 49152, 100000.0),
      // Qwen2-1.5B's published config (q/k/v biases, tied embeddings), for the memory checks only.
      "qwen2-1.5b", shape(1536, 8960, 28, 12, 2, 151936, 1000000.0).toBuilder()
          .family(ai.tao.core.model.ModelFamily.QWEN2).rmsNormEps(1e-6).build());

  private static ModelConfig shape(int d, int inter, int layers, int heads, int kv, int vocab, double theta) {
    return ModelConfig.builder().hiddenSize(d).intermediateSize(inter).numLayers(layers).numHeads(heads)
        .numKvHeads(kv).vocabSize(vocab).rmsNormEps(1e-5).ropeTheta(theta).tieWordEmbeddings(true)
        .maxPositions(4096).build();
  }

  /** A shape by the peer's name. */
  public static ModelConfig get(String name) {
    ModelConfig c = SHAPES.get(name);
    if (c == null) {
      throw new IllegalArgumentException("unknown shape '" + name + "'; known: " + SHAPES.keySet());
    }
    return c;
  }
}
