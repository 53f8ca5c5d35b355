package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.model.TrainableTensors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The GRPO loss gradient on a tiny model (two sequences at different temperatures) matches central finite differences. */
class GrpoGradientCheckTest {
  static final ModelConfig TINY = ModelConfig.builder().hiddenSize(8).intermediateSize(12).numLayers(1).numHeads(2)
      .numKvHeads(1).vocabSize(11).maxPositions(16).rmsNormEps(1e-5).build();
  static final GrpoConfig CFG = Trainers.grpo().klCoefficient(0.1).clip(0.2, 0.28).build();
  /** Response tokens of {@link #sequences}. */
  static final int TOKENS = 7;

  /** Two sequences at different temperatures, with noisy old log-probs drawn from {@code rnd}. */
  static List<TrainSequence> sequences(Random rnd) {
    return List.of(
        new TrainSequence(new int[] {1, 4, 5}, new int[] {7, 2, 9}, noisyOld(3, rnd), 1.3, 0.9),
        new TrainSequence(new int[] {1, 6}, new int[] {3, 3, 8, 10}, noisyOld(4, rnd), -0.7, 1.3));
  }

  /**
   * Backpropagates the GRPO loss once, then compares, for each named tensor of {@code owner}, the
   * {@code perTensor} entries with the largest analytic gradient (never a trivially-zero comparison)
   * against central finite differences. Returns how many entries were compared.
   */
  static int checkGradients(CausalLm model, KlReference ref, List<TrainSequence> seqs, TrainableTensors owner,
      String[] names, int perTensor, NDManager root) {
    for (String n : names) {
      owner.tensors().get(n).setRequiresGradient(true);
    }
    NDArray[] analytic = new NDArray[names.length];
    try (NDManager m = root.newSubManager()) {
      try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
        gc.backward(GrpoLoss.compute(model, ref, PackedBatch.of(seqs, m), CFG, 2, TOKENS, m, gc).surrogate());
      }
      for (int i = 0; i < names.length; i++) {
        analytic[i] = owner.tensors().get(names[i]).getGradient().duplicate();
        analytic[i].attach(root);
      }
    }
    int checked = 0;
    for (int i = 0; i < names.length; i++) {
      NDArray w = owner.tensors().get(names[i]);
      float[] g = analytic[i].toFloatArray();
      int[] top = java.util.stream.IntStream.range(0, g.length).boxed()
          .sorted((x, y) -> Float.compare(Math.abs(g[y]), Math.abs(g[x]))).limit(perTensor)
          .mapToInt(Integer::intValue).toArray();
      for (int idx : top) {
        assertThat(Math.abs(g[idx])).as("%s has a non-zero gradient", names[i]).isGreaterThan(1e-4f);
        double fd = finiteDifference(model, ref, seqs, CFG, TOKENS, w, idx, root, owner);
        assertThat(g[idx]).as("%s[%d]: analytic %s vs finite difference %s", names[i], idx, g[idx], fd)
            .isCloseTo((float) fd, org.assertj.core.data.Offset.offset((float) (2e-3 + 0.03 * Math.abs(fd))));
        checked++;
      }
    }
    return checked;
  }

  @Test
  void lossGradientMatchesFiniteDifferences() {
    try (NDManager root = TaoRuntime.newManager()) {
      CausalLm model = new CausalLm(ModelWeights.randomInit(TINY, root, 1, 0.4));
      KlReference ref = KlReference.of(new CausalLm(ModelWeights.randomInit(TINY, root, 2, 0.4)));
      String[] names = {"model.layers.0.self_attn.q_proj.weight", "model.layers.0.mlp.down_proj.weight",
          "model.embed_tokens.weight", "model.layers.0.input_layernorm.weight", "model.norm.weight"};
      int checked = checkGradients(model, ref, sequences(new Random(3)), model.weights(), names, 6, root);
      assertThat(checked).isEqualTo(names.length * 6);
    }
  }

  /** The same check for a LoRA policy: gradients reach A and B through the branches, against the base as KL reference. */
  @Test
  void loraGradientMatchesFiniteDifferences() {
    try (NDManager root = TaoRuntime.newManager()) {
      CausalLm model = new CausalLm(ModelWeights.randomInit(TINY, root, 1, 0.4));
      ai.tao.core.model.LoraAdapters lora = ai.tao.core.model.LoraAdapters.init(TINY,
          ai.tao.core.model.LoraConfig.builder().rank(2).alpha(4).build(), root, 5);
      Random rnd = new Random(3);
      for (var e : lora.tensors().entrySet()) {
        if (e.getKey().contains("lora_B")) { // a trained B, so A's gradient is not zero
          float[] d = new float[(int) e.getValue().size()];
          for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.5 * rnd.nextGaussian());
          }
          e.getValue().set(d);
        }
      }
      model.attachAdapters(lora);
      String[] names = {"base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
          "base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight",
          "base_model.model.model.layers.0.self_attn.o_proj.lora_A.weight",
          "base_model.model.model.layers.0.mlp.up_proj.lora_B.weight",
          "base_model.model.model.layers.0.mlp.down_proj.lora_A.weight"};
      checkGradients(model, KlReference.of(model), sequences(rnd), lora, names, 4, root);
      assertThat(model.weights().get("model.layers.0.self_attn.q_proj.weight").hasGradient()).isFalse();
    }
  }

  static float[] noisyOld(int n, Random rnd) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) (-2.4 + 0.3 * rnd.nextGaussian());
    }
    return f;
  }

  static double finiteDifference(CausalLm model, KlReference ref, List<TrainSequence> seqs, GrpoConfig cfg,
      int tokens, NDArray w, int flatIndex, NDManager root, TrainableTensors owner) {
    double h = 2e-3;
    try (var noGrad = TaoRuntime.noGrad()) {
      NDArray flat = w.reshape(-1);
      float orig = flat.getFloat(flatIndex);
      double[] values = new double[2];
      for (int s = 0; s < 2; s++) {
        flat.set(new NDIndex(flatIndex), (float) (orig + (s == 0 ? h : -h)));
        owner.markUpdated();
        try (NDManager m = root.newSubManager()) {
          values[s] = GrpoLoss.value(model, ref, PackedBatch.of(seqs, m), cfg, 2, tokens, m);
        }
      }
      flat.set(new NDIndex(flatIndex), orig);
      owner.markUpdated();
      return (values[0] - values[1]) / (2 * h);
    }
  }
}
