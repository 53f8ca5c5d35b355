package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ModelLoadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a file laid out by hand after the spec by make_golden.py, not by SafetensorsWriter. */
class SafetensorsFileTest {

  @TempDir Path tmp;

  @Test
  void opensReferenceFile() throws Exception {
    try (SafetensorsFile f = SafetensorsFile.open(reference())) {
      assertThat(f.names()).containsExactly("brain", "empty", "half", "ids", "model.layers.0.weight", "scalar");
      assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("source", "make_golden.py"));
      assertThat(f.path()).isEqualTo(reference());
      TensorInfo w = f.info("model.layers.0.weight");
      assertThat(w.dtype()).isEqualTo(DType.F32);
      assertThat(w.shape()).containsExactly(2, 3);
      assertThat(w.numel()).isEqualTo(6);
      assertThat(w.begin()).isZero();
      assertThat(w.end()).isEqualTo(24);
      assertThat(f.info("scalar").shape()).isEmpty();
      assertThat(f.info("scalar").numel()).isEqualTo(1);
      assertThat(f.info("empty").numel()).isZero();
    }
  }

  @Test
  void readsEveryTensorAsTheReferenceSays() throws Exception {
    JsonNode expected;
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/io/reference.expected.json"))) {
      expected = new ObjectMapper().readTree(in);
    }
    try (SafetensorsFile f = SafetensorsFile.open(reference())) {
      assertThat(f.names()).hasSize(expected.size());
      for (Map.Entry<String, JsonNode> e : expected.properties()) {
        String name = e.getKey();
        JsonNode want = e.getValue();
        TensorInfo info = f.info(name);
        assertThat(info.dtype().safetensorsName()).isEqualTo(want.get("dtype").asText());
        assertThat(info.shape()).hasSize(want.get("shape").size());
        ByteBuffer raw = f.raw(name);
        assertThat(raw.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(raw.isReadOnly()).isTrue();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        assertThat(HexFormat.of().formatHex(bytes)).as(name).isEqualTo(want.get("raw_hex").asText());
        if (want.get("f32_bits").isNull()) {
          assertThatThrownBy(() -> f.readFloats(name))
              .isInstanceOf(ModelLoadException.class)
              .hasMessageContaining("reference.safetensors")
              .hasMessageContaining(name)
              .hasMessageContaining("I64");
          continue;
        }
        float[] values = f.readFloats(name);
        assertThat(values).hasSize(want.get("f32_bits").size());
        for (int i = 0; i < values.length; i++) {
          assertThat(Integer.toHexString(Float.floatToRawIntBits(values[i])))
              .as("%s[%d]", name, i)
              .isEqualTo(Integer.toHexString(Integer.parseUnsignedInt(want.get("f32_bits").get(i).asText(), 16)));
        }
      }
    }
  }

  @Test
  void missingTensorListsSimilarNames() throws Exception {
    try (SafetensorsFile f = SafetensorsFile.open(reference())) {
      assertThatThrownBy(() -> f.info("layers.0.weight"))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("no tensor layers.0.weight")
          .hasMessageContaining("reference.safetensors")
          .hasMessageContaining("model.layers.0.weight");
      assertThatThrownBy(() -> f.readFloats("nope"))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("6 tensors, e.g. brain, empty");
    }
  }

  @Test
  void readsAfterCloseFail() throws Exception {
    SafetensorsFile f = SafetensorsFile.open(reference());
    ByteBuffer kept = f.raw("half");
    f.close();
    f.close();
    assertThatThrownBy(() -> f.readFloats("half")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(kept.getShort(0)).isEqualTo((short) 0x3c00);
    assertThat(f.info("half").dtype()).isEqualTo(DType.F16);
  }

  @Test
  void recognizedButUnsupportedDtypeOpensAndExplainsOnRead() throws IOException {
    Path file = RawSafetensors.write(tmp, "fp8.safetensors",
        RawSafetensors.bytes("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2,2],\"data_offsets\":[0,4]}}", 4));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.info("w").dtype()).isEqualTo(DType.F8_E4M3);
      assertThat(f.raw("w").remaining()).isEqualTo(4);
      assertThatThrownBy(() -> f.readFloats("w"))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("fp8.safetensors")
          .hasMessageContaining("F8_E4M3")
          .hasMessageContaining("F32, F16, BF16");
    }
  }

  @Test
  void readsInWindowsAcrossMappings() throws IOException {
    // A tensor that starts at an odd offset and spans many small windows reads the same as in one window.
    float[] data = new float[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (i % 97) * 0.25f - 7; // at most 7 significant bits: exact in F16 and BF16
    }
    for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16}) {
      Path file = tmp.resolve("w-" + dtype + ".safetensors");
      SafetensorsWriter.write(file, Map.of("a", FloatTensor.of(new float[] {1}, 1), "b", FloatTensor.of(data, 10, 100)),
          Map.of(), dtype);
      float[] oneWindow;
      try (SafetensorsFile f = SafetensorsFile.open(file)) {
        assertThat(f.info("b").begin()).isEqualTo(dtype.byteSize());
        oneWindow = f.readFloats("b");
      }
      try (SafetensorsFile f = SafetensorsFile.open(file, 24)) {
        assertThat(f.readFloats("b")).isEqualTo(oneWindow);
      }
      for (int i = 0; i < data.length; i++) {
        assertThat(oneWindow[i]).isEqualTo(data[i]);
      }
    }
  }

  @Test
  void tensorsPast2GiBAreReadThroughTheirOwnMapping() throws IOException {
    long pad = 2_500_000_000L;
    String header = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + pad + "],\"data_offsets\":[0," + pad + "]},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + pad + "," + (pad + 8) + "]}}";
    byte[] head = RawSafetensors.bytes(header, 0);
    Path file = tmp.resolve("sparse.safetensors");
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.write(head);
      raf.seek(head.length + pad);
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-3f).array());
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.readFloats("w")).containsExactly(1.5f, -3f);
      assertThat(f.raw("w").getFloat(4)).isEqualTo(-3f);
      assertThatThrownBy(() -> f.raw("pad"))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("sparse.safetensors")
          .hasMessageContaining("more than one ByteBuffer holds");
    }
  }

  @Test
  void openingAMissingFileNamesIt() {
    Path missing = tmp.resolve("absent.safetensors");
    assertThatThrownBy(() -> SafetensorsFile.open(missing))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("absent.safetensors")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> SafetensorsFile.open(tmp))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(tmp.toString());
  }

  @Test
  void emptyHeaderObjectIsAValidEmptyFile() throws IOException {
    Path file = RawSafetensors.write(tmp, "empty.safetensors", RawSafetensors.bytes("{}      ", 0));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.names()).isEmpty();
      assertThat(f.metadata()).isEmpty();
      assertThatThrownBy(() -> f.info("x")).isInstanceOf(ModelLoadException.class).hasMessageContaining("no tensors");
    }
  }

  static Path reference() throws URISyntaxException {
    return Path.of(Objects.requireNonNull(SafetensorsFileTest.class.getResource("/io/reference.safetensors")).toURI());
  }
}
