package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsIndexTest {

  @TempDir Path dir;

  @Test
  void singleFileFolder() throws IOException {
    SafetensorsWriter.write(dir.resolve("model.safetensors"),
        Map.of("model.norm.weight", FloatTensor.of(new float[] {1, 2, 3}, 3)), Map.of(), DType.F32);
    try (SafetensorsIndex idx = SafetensorsIndex.open(dir)) {
      assertThat(idx.directory()).isEqualTo(dir);
      assertThat(idx.names()).containsExactly("model.norm.weight");
      assertThat(idx.readFloats("model.norm.weight")).containsExactly(1, 2, 3);
      assertThat(idx.raw("model.norm.weight").remaining()).isEqualTo(12);
      assertThatThrownBy(() -> idx.info("norm.weight"))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("among them model.norm.weight");
    }
  }

  @Test
  void emptyFolder() {
    assertThatThrownBy(() -> SafetensorsIndex.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no model.safetensors or model.safetensors.index.json in " + dir);
  }

  @Test
  void notAFolder() {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> SafetensorsIndex.open(missing))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("not a folder");
  }

  @Test
  void indexPointsAtAMissingShard() throws IOException {
    writeShard("model-00001-of-00002.safetensors", "a");
    writeIndex("{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}");
    assertThatThrownBy(() -> SafetensorsIndex.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model-00002-of-00002.safetensors")
        .hasMessageContaining("tensor b")
        .hasMessageContaining("does not exist")
        .hasMessageContaining("re-download");
  }

  @Test
  void indexMapsATensorItsShardLacks() throws IOException {
    writeShard("model-00001-of-00001.safetensors", "a");
    writeIndex("{\"a\":\"model-00001-of-00001.safetensors\",\"lm_head.weight\":\"model-00001-of-00001.safetensors\"}");
    assertThatThrownBy(() -> SafetensorsIndex.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no tensor lm_head.weight")
        .hasMessageContaining("model-00001-of-00001.safetensors")
        .hasMessageContaining("stale");
  }

  @Test
  void malformedShardIsNamed() throws IOException {
    Files.write(dir.resolve("model-00001-of-00001.safetensors"), new byte[] {1, 2, 3});
    writeIndex("{\"a\":\"model-00001-of-00001.safetensors\"}");
    assertThatThrownBy(() -> SafetensorsIndex.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model-00001-of-00001.safetensors")
        .hasMessageContaining("3 bytes long");
  }

  @Test
  void indexIsNotJson() throws IOException {
    Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": ");
    assertFails("not valid JSON");
  }

  @Test
  void indexWithoutWeightMap() throws IOException {
    Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{}}");
    assertFails("no \"weight_map\"");
    Files.writeString(dir.resolve("model.safetensors.index.json"), "[]");
    assertFails("no \"weight_map\"");
    writeIndex("{}");
    assertFails("empty \"weight_map\"");
  }

  @Test
  void indexCannotPointOutsideTheFolder() throws IOException {
    writeIndex("{\"a\":\"../model.safetensors\"}");
    assertFails("not a file name in the model folder");
    writeIndex("{\"a\":7}");
    assertFails("not a file name in the model folder");
  }

  @Test
  void indexIsPreferredOverASingleFile() throws IOException {
    writeShard("model-00001-of-00001.safetensors", "from_shard");
    writeShard("model.safetensors", "from_single");
    writeIndex("{\"from_shard\":\"model-00001-of-00001.safetensors\"}");
    try (SafetensorsIndex idx = SafetensorsIndex.open(dir)) {
      assertThat(idx.names()).containsExactly("from_shard");
    }
  }

  private void writeShard(String file, String tensor) {
    SafetensorsWriter.write(dir.resolve(file), Map.of(tensor, FloatTensor.of(new float[] {1}, 1)), Map.of(), DType.F32);
  }

  private void writeIndex(String weightMap) throws IOException {
    Files.writeString(dir.resolve("model.safetensors.index.json"),
        "{\"metadata\":{\"total_size\":4},\"weight_map\":" + weightMap + "}");
  }

  private void assertFails(String what) {
    assertThatThrownBy(() -> SafetensorsIndex.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.safetensors.index.json")
        .hasMessageContaining(what)
        .hasMessageContaining("re-download");
  }
}
