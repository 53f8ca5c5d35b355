package ai.tao.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.FloatTensor;
import ai.tao.core.io.SafetensorsFile;
import ai.tao.core.train.AdamW;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LoRA adapters: logits against tools/reference/llama_reference.py's float64 merge of a PEFT
 * folder, the PEFT round trip, the verified merged export, and where gradients go.
 */
class LoraTest {
  @TempDir
  Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(LoraTest.class.getResource("/parity-lora/" + name + "/expected.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Largest |got - reference| over real positions. */
  static double maxDiff(float[] got, JsonNode e, int[][] mask, int v) {
    return ParityTest.compare(got, e, mask, v).maxDiff();
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama-all-modules", "qwen2-q-v"})
  void peftAdapterOnTheBaseMatchesTheReferenceMerge(String name) throws Exception {
    Path dir = fixture(name);
    JsonNode e = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    long[][] ids = ParityTest.toLong(e.get("input_ids"));
    int[][] mask = ParityTest.toInt(e.get("attention_mask"));
    try (NDManager root = TaoRuntime.newManager(); CausalLm model = CausalLm.load(dir.resolve("base"), root);
        LoraAdapters lora = LoraAdapters.load(dir.resolve("adapter"), model.config(), root);
        NDManager m = root.newSubManager()) {
      int v = model.config().vocabSize();
      double baseDiff = maxDiff(model.forward(ids, mask, m, false).toFloatArray(), e, mask, v);
      model.attachAdapters(lora);
      double adapted = maxDiff(model.forward(ids, mask, m, false).toFloatArray(), e, mask, v); // merged projections
      model.mergeAdaptersForInference(false);
      double branches = maxDiff(model.forward(ids, mask, m, false).toFloatArray(), e, mask, v);
      model.mergeAdaptersForInference(true);
      // The same through the training path (unmerged branches, autograd on).
      double training;
      try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
        training = maxDiff(model.forward(ids, mask, m, true).toFloatArray(), e, mask, v);
      }
      model.adaptersEnabled(false);
      double off = maxDiff(model.forward(ids, mask, m, false).toFloatArray(), e, mask, v);
      assertThat(adapted).as("adapted logits vs reference").isLessThan(ParityTest.TOLERANCE);
      assertThat(branches).as("unmerged inference logits vs reference").isLessThan(ParityTest.TOLERANCE);
      assertThat(training).as("training-mode logits vs reference").isLessThan(ParityTest.TOLERANCE);
      assertThat(baseDiff).as("the base alone must not match").isGreaterThan(0.1);
      assertThat(off).as("adapters switched off give the base").isEqualTo(baseDiff);
    }
  }

  static ModelConfig small() {
    return ModelConfig.builder().hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4).numKvHeads(2)
        .vocabSize(40).maxPositions(64).build();
  }

  static final long[][] IDS = {{1, 5, 9, 3, 7, 11}, {1, 2, 4, 8, 16, 32}};
  static final int[][] MASK = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}};

  /** Sets every B to seeded noise so the adapters change the model. */
  static void perturb(LoraAdapters lora, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    for (Map.Entry<String, NDArray> en : lora.tensors().entrySet()) {
      if (en.getKey().contains("lora_B")) {
        float[] d = new float[(int) en.getValue().size()];
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (rnd.nextGaussian() * 0.2);
        }
        en.getValue().set(d);
      }
    }
    lora.markUpdated();
  }

  @Test
  void freshAdaptersChangeNothingAndSaveLoadGivesIdenticalLogits() throws Exception {
    try (NDManager root = TaoRuntime.newManager(); CausalLm model = CausalLm.random(small(), root, 1);
        NDManager m = root.newSubManager()) {
      float[] base = model.forward(IDS, MASK, m, false).toFloatArray();
      LoraConfig cfg = LoraConfig.builder().rank(4).alpha(8).build();
      try (LoraAdapters lora = LoraAdapters.init(model.config(), cfg, root, 7)) {
        model.attachAdapters(lora);
        assertThat(model.forward(IDS, MASK, m, false).toFloatArray()).containsExactly(base);
        perturb(lora, 3);
        float[] adapted = model.forward(IDS, MASK, m, false).toFloatArray();
        assertThat(adapted).isNotEqualTo(base);
        Path dir = tmp.resolve("adapter");
        lora.save(dir, "base-model");
        model.detachAdapters();
        JsonNode c = new ObjectMapper().readTree(dir.resolve(LoraAdapters.CONFIG_FILE).toFile());
        assertThat(c.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(c.get("r").asInt()).isEqualTo(4);
        assertThat(c.get("lora_alpha").asDouble()).isEqualTo(8.0);
        assertThat(c.get("target_modules")).hasSize(7);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(LoraAdapters.WEIGHTS_FILE))) {
          assertThat(f.names()).hasSize(2 * 2 * 7).contains(
              "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
              "base_model.model.model.layers.1.mlp.down_proj.lora_B.weight");
          assertThat(f.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape())
              .containsExactly(4, 32);
          assertThat(f.info("base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight").shape())
              .containsExactly(16, 4);
          assertThat(f.info("base_model.model.model.layers.0.mlp.down_proj.lora_A.weight").shape())
              .containsExactly(4, 48);
        }
        try (LoraAdapters back = LoraAdapters.load(dir, model.config(), root)) {
          model.attachAdapters(back);
          assertThat(model.forward(IDS, MASK, m, false).toFloatArray()).containsExactly(adapted);
          model.detachAdapters();
        }
      }
    }
  }

  @Test
  void mergedExportIsVerifiedAndAWrongMergeIsRefused() throws Exception {
    try (NDManager root = TaoRuntime.newManager(); CausalLm model = CausalLm.random(small(), root, 2);
        LoraAdapters lora = LoraAdapters.init(small(), LoraConfig.builder().rank(2).build(), root, 5);
        NDManager m = root.newSubManager()) {
      model.attachAdapters(lora);
      perturb(lora, 9);
      float[] adapted = model.forward(IDS, MASK, m, false).toFloatArray();
      Path out = tmp.resolve("merged");
      MergedExport.Check check = MergedExport.write(model, out);
      assertThat(check.maxAbsDifference()).isLessThanOrEqualTo(MergedExport.TOLERANCE);
      assertThat(Files.exists(out.resolve("adapter_config.json"))).isFalse();
      try (CausalLm plain = CausalLm.load(out, root)) {
        float[] merged = plain.forward(IDS, MASK, m, false).toFloatArray();
        for (int i = 0; i < merged.length; i++) {
          assertThat((double) Math.abs(merged[i] - adapted[i])).isLessThanOrEqualTo(MergedExport.TOLERANCE);
        }
      }
      // A merge that forgot one adapter (one layer's q_proj left at its base) is caught, and nothing is left.
      Path wrong = tmp.resolve("wrong");
      Map<String, FloatTensor> base = model.weights().toHost();
      assertThatThrownBy(() -> MergedExport.write(model, wrong, t -> {
        Map<String, FloatTensor> c = new LinkedHashMap<>(t);
        String q = "model.layers.1.self_attn.q_proj.weight";
        c.put(q, base.get(q));
        return c;
      })).isInstanceOf(OutputException.class).hasMessageContaining("differ from the base plus adapters");
      assertThat(Files.exists(wrong)).isFalse();
      assertThat(tmp.toFile().list()).containsExactlyInAnyOrder("merged");
      assertThatThrownBy(() -> MergedExport.write(model, out)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("already exists and is not empty");
    }
  }

  @Test
  void onlyTheAdaptersLearnAndOnlyTheyHaveOptimizerState() {
    try (NDManager root = TaoRuntime.newManager(); CausalLm model = CausalLm.random(small(), root, 4);
        LoraAdapters lora = LoraAdapters.init(small(), LoraConfig.builder().rank(2)
            .targetModules(Set.of("q_proj", "v_proj", "down_proj")).build(), root, 6)) {
      model.attachAdapters(lora);
      assertThat(model.trainable()).isSameAs(lora);
      String baseBefore = model.weights().fingerprint();
      Map<String, float[]> before = new LinkedHashMap<>();
      lora.tensors().forEach((k, v) -> before.put(k, v.toFloatArray()));
      try (AdamW opt = new AdamW(model.trainable(), 1e-2, 0.9, 0.999, 1e-8, 0.0, 1.0)) {
        for (int step = 0; step < 3; step++) {
          try (NDManager m = root.newSubManager(); GradientCollector gc = TaoRuntime.newGradientCollector()) {
            NDArray logits = model.forward(IDS, MASK, m, true);
            gc.backward(logits.get(":, :, 3").sum());
          }
          opt.step(opt.gradNorm());
          opt.zeroGrad();
        }
      }
      assertThat(model.weights().fingerprint()).isEqualTo(baseBefore);
      long moved = lora.tensors().entrySet().stream()
          .filter(en -> !java.util.Arrays.equals(en.getValue().toFloatArray(), before.get(en.getKey()))).count();
      assertThat(moved).isEqualTo(lora.tensors().size());
      // rank 2 on q (32 -> 32), v (32 -> 16) and down (48 -> 32), in 2 layers.
      assertThat(lora.parameterCount()).isEqualTo(2L * 2 * ((32 + 32) + (32 + 16) + (48 + 32)));
    }
  }

  @Test
  void unsupportedOrMismatchedAdaptersAreRefusedByName() throws Exception {
    Path src = fixture("qwen2-q-v").resolve("adapter");
    try (NDManager root = TaoRuntime.newManager();
        CausalLm model = CausalLm.load(fixture("qwen2-q-v").resolve("base"), root)) {
      ObjectMapper json = new ObjectMapper();
      Path rs = copy(src, tmp.resolve("rs"));
      ObjectNode c = (ObjectNode) json.readTree(rs.resolve(LoraAdapters.CONFIG_FILE).toFile());
      c.put("use_rslora", true);
      json.writeValue(rs.resolve(LoraAdapters.CONFIG_FILE).toFile(), c);
      assertThatThrownBy(() -> LoraAdapters.load(rs, model.config(), root)).isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("use_rslora");
      Path rank = copy(src, tmp.resolve("rank"));
      c = (ObjectNode) json.readTree(rank.resolve(LoraAdapters.CONFIG_FILE).toFile());
      c.put("r", 3);
      json.writeValue(rank.resolve(LoraAdapters.CONFIG_FILE).toFile(), c);
      assertThatThrownBy(() -> LoraAdapters.load(rank, model.config(), root)).isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("has shape").hasMessageContaining("rank 3");
      Path more = copy(src, tmp.resolve("more"));
      c = (ObjectNode) json.readTree(more.resolve(LoraAdapters.CONFIG_FILE).toFile());
      c.putArray("target_modules").add("q_proj").add("v_proj").add("o_proj");
      json.writeValue(more.resolve(LoraAdapters.CONFIG_FILE).toFile(), c);
      assertThatThrownBy(() -> LoraAdapters.load(more, model.config(), root)).isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("missing [base_model.model.model.layers.0.self_attn.o_proj.lora_A.weight");
      assertThatThrownBy(() -> LoraAdapters.load(tmp.resolve("none"), model.config(), root))
          .isInstanceOf(ModelLoadException.class).hasMessageContaining("adapter_config.json");
      assertThatThrownBy(() -> LoraConfig.builder().targetModules(Set.of("qkv")).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("'qkv'");
    }
  }

  static Path copy(Path from, Path to) throws java.io.IOException {
    Files.createDirectories(to);
    for (String f : new String[] {LoraAdapters.CONFIG_FILE, LoraAdapters.WEIGHTS_FILE}) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
    return to;
  }
}
