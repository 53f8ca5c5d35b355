package ai.tao.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.tao.core.TaoRuntime;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.constraints.IntRange;

/** Decoding token by token through the KV cache gives the logits of recomputing the whole sequence. */
class KvCacheProperties {
  static NDManager root;
  static CausalLm gqa;
  static CausalLm qwen3;
  static CausalLm qwen2;

  @BeforeContainer
  static void models() {
    root = TaoRuntime.newManager();
    ModelConfig base = ModelConfig.builder().hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4)
        .numKvHeads(2).vocabSize(50).maxPositions(64).rmsNormEps(1e-5).build();
    // A large init scale so logits are far from uniform and a wrong cache shows.
    gqa = new CausalLm(ModelWeights.randomInit(base, root, 1, 0.5));
    qwen3 = new CausalLm(ModelWeights.randomInit(
        base.toBuilder().family(ModelFamily.QWEN3).headDim(16).build(), root, 2, 0.5));
    qwen2 = new CausalLm(ModelWeights.randomInit(base.toBuilder().family(ModelFamily.QWEN2).build(), root, 3, 0.5));
    Random rnd = new Random(4);
    for (String name : WeightNames.expected(qwen2.config()).keySet()) {
      if (name.endsWith(".bias")) { // random init leaves biases at 0, which would not test them
        NDArray bias = qwen2.weights().get(name);
        float[] v = new float[Math.toIntExact(bias.size())];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (rnd.nextGaussian() * 0.5);
        }
        bias.set(java.nio.FloatBuffer.wrap(v));
      }
    }
  }

  @AfterContainer
  static void close() {
    root.close();
  }

  @Property(tries = 30)
  void cachedDecodingMatchesRecompute(@ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 1, max = 12) int maxPrompt, @ForAll @IntRange(min = 1, max = 6) int steps,
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int family) {
    CausalLm model = family == 0 ? gqa : family == 1 ? qwen3 : qwen2; // Llama, q/k norms, q/k/v biases
    Random rnd = new Random(seed);
    int total = maxPrompt + steps;
    long[][] ids = new long[batch][total];
    int[][] mask = new int[batch][total];
    for (int b = 0; b < batch; b++) {
      int pad = rnd.nextInt(maxPrompt); // each row keeps at least one real prompt token
      for (int t = 0; t < total; t++) {
        ids[b][t] = rnd.nextInt(50);
        mask[b][t] = t < pad ? 0 : 1;
      }
    }
    try (NDManager m = root.newSubManager()) {
      float[] full = model.forward(ids, mask, m, false).toFloatArray(); // (B, total, V)
      CausalLm.Inputs in = CausalLm.Inputs.of(ids, mask, m);
      KvCache cache = model.newCache(batch, total, m);
      int v = model.config().vocabSize();
      for (int start = 0, t = maxPrompt; start < total; start += t, t = 1) {
        NDIndex cols = new NDIndex(":, {}:{}", start, start + t);
        NDArray keyMask = in.keyMask() == null ? null : in.keyMask().get(new NDIndex(":, :{}", start + t));
        NDArray h = model.hidden(in.ids().get(cols), in.positions().get(cols), keyMask, cache, false);
        float[] got = model.logits(h.get(new NDIndex(":, -1:, :"))).toFloatArray(); // (B, 1, V)
        int pos = start + t - 1;
        for (int b = 0; b < batch; b++) {
          for (int k = 0; k < v; k++) {
            assertThat(got[b * v + k]).as("row %d position %d token %d", b, pos, k)
                .isCloseTo(full[(b * total + pos) * v + k], org.assertj.core.data.Offset.offset(1e-4f));
          }
        }
      }
      assertThat(cache.length()).isEqualTo(total);
    }
  }
}
