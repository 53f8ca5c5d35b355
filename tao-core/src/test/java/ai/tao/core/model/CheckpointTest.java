package ai.tao.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.tao.api.ModelLoadException;
import ai.tao.core.TaoRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save → load round trips, and bad model folders fail with a clear message before any native call. */
class CheckpointTest {
  static NDManager root;
  static final ModelConfig CONFIG = ModelConfig.builder().family(ModelFamily.QWEN2).hiddenSize(16)
      .intermediateSize(24).numLayers(2).numHeads(4).numKvHeads(2).vocabSize(40).maxPositions(32)
      .bosTokenId(1).eosTokenIds(java.util.List.of(2)).build();

  @BeforeAll
  static void start() {
    root = TaoRuntime.newManager();
  }

  @AfterAll
  static void stop() {
    root.close();
  }

  @Test
  void saveThenLoadIsBitExact(@TempDir Path dir) {
    try (CausalLm a = new CausalLm(ModelWeights.randomInit(CONFIG, root, 7, 0.3))) {
      a.save(dir);
      try (CausalLm b = CausalLm.load(dir, root)) {
        assertThat(b.config()).isEqualTo(a.config());
        assertSameTensors(a, b);
      }
    }
  }

  @Test
  void shardedSaveLoadsThroughTheIndex(@TempDir Path dir) throws IOException {
    try (CausalLm a = new CausalLm(ModelWeights.randomInit(CONFIG, root, 8, 0.3))) {
      a.save(dir, 4096);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.filter(p -> p.getFileName().toString().startsWith("model-0")).count()).isGreaterThan(1);
      }
      assertThat(dir.resolve("model.safetensors.index.json")).exists();
      try (CausalLm b = CausalLm.load(dir, root)) {
        assertSameTensors(a, b);
      }
    }
  }

  private static void assertSameTensors(CausalLm a, CausalLm b) {
    assertThat(b.weights().names()).containsExactlyElementsOf(a.weights().names());
    for (String name : a.weights().names()) {
      float[] x = a.weights().get(name).toFloatArray();
      float[] y = b.weights().get(name).toFloatArray();
      assertThat(y.length).isEqualTo(x.length);
      for (int i = 0; i < x.length; i++) {
        assertThat(Float.floatToRawIntBits(y[i])).as("%s[%d]", name, i).isEqualTo(Float.floatToRawIntBits(x[i]));
      }
    }
  }

  @Test
  void missingFolderAndConfigAreNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> CausalLm.load(dir.resolve("nope"), root))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> CausalLm.load(dir, root))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("config.json");
  }

  @Test
  void unsupportedModelTypeIsNamed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"gpt2\",\"hidden_size\":8}");
    assertThatThrownBy(() -> CausalLm.load(dir, root))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("gpt2").hasMessageContaining("llama");
  }

  @Test
  void shapeDisagreeingWithConfigIsNamed(@TempDir Path dir) throws IOException {
    try (CausalLm a = new CausalLm(ModelWeights.randomInit(CONFIG, root, 9, 0.3))) {
      a.save(dir);
    }
    String cfg = Files.readString(dir.resolve("config.json")).replace("\"intermediate_size\" : 24", "\"intermediate_size\" : 20");
    Files.writeString(dir.resolve("config.json"), cfg);
    assertThatThrownBy(() -> CausalLm.load(dir, root))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("mlp.gate_proj.weight")
        .hasMessageContaining("[24, 16]").hasMessageContaining("[20, 16]");
  }

  @Test
  void missingTensorIsNamed(@TempDir Path dir) throws IOException {
    try (CausalLm a = new CausalLm(ModelWeights.randomInit(CONFIG, root, 9, 0.3))) {
      a.save(dir);
    }
    String cfg = Files.readString(dir.resolve("config.json")).replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3");
    Files.writeString(dir.resolve("config.json"), cfg);
    assertThatThrownBy(() -> CausalLm.load(dir, root))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("model.layers.2.");
  }

  @Test
  void truncatedWeightsFailBeforeAnyNativeCall(@TempDir Path dir) throws IOException {
    try (CausalLm a = new CausalLm(ModelWeights.randomInit(CONFIG, root, 10, 0.3))) {
      a.save(dir);
    }
    Path st = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(st);
    Files.write(st, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> CausalLm.load(dir, root))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("model.safetensors");
    Files.write(st, java.util.Arrays.copyOf(bytes, 5));
    assertThatThrownBy(() -> CausalLm.load(dir, root)).isInstanceOf(ModelLoadException.class);
  }
}
