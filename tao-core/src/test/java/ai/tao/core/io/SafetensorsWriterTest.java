package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

  @TempDir Path tmp;

  /** Any shapes, any float bit patterns (NaN payloads, -0.0, infinities, subnormals) survive F32 exactly. */
  @Property(tries = 150)
  void f32RoundTripsBitExactly(@ForAll("tensorMaps") Map<String, FloatTensor> tensors) throws IOException {
    Path dir = Files.createTempDirectory("tao-io-prop");
    try {
      Path file = dir.resolve("t.safetensors");
      SafetensorsWriter.write(file, tensors, Map.of("k", "v"), DType.F32);
      try (SafetensorsFile f = SafetensorsFile.open(file)) {
        assertThat(f.names()).containsExactlyElementsOf(new TreeMap<>(tensors).keySet());
        assertThat(f.metadata()).containsEntry("format", "pt").containsEntry("k", "v");
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
          assertThat(f.info(e.getKey()).shape()).isEqualTo(e.getValue().shape());
          assertThat(bits(f.readFloats(e.getKey()))).isEqualTo(bits(e.getValue().data()));
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  @Provide
  Arbitrary<Map<String, FloatTensor>> tensorMaps() {
    Arbitrary<Float> anyBits = Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE).map(Float::intBitsToFloat);
    Arbitrary<Float> specials = Arbitraries.of(0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7fa00001), Float.intBitsToFloat(0xffc12345), Float.MIN_VALUE, Float.MAX_VALUE, 1f, -2f);
    Arbitrary<Float> floats = Arbitraries.frequencyOf(
        Tuple.of(5, anyBits), Tuple.of(3, Arbitraries.floats()), Tuple.of(2, specials));
    Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 5).array(long[].class).ofMaxSize(4);
    Arbitrary<FloatTensor> tensor = shapes.flatMap(shape -> {
      int n = (int) TensorInfo.numel(shape);
      return floats.array(float[].class).ofSize(n).map(data -> new FloatTensor(shape, data));
    });
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '_', '0', 'é', '→')
        .ofMinLength(1).ofMaxLength(12).filter(s -> !s.equals("__metadata__"));
    return Arbitraries.maps(names, tensor).ofMaxSize(6);
  }

  @Test
  void f16AndBf16StoreTheRoundedBitsAndReadBackExactValues() throws IOException {
    float ulp16 = (float) Math.pow(2, -10);
    float[] data = {1.0f, -2.0f, 65504f, (float) Math.pow(2, -24), 1 + ulp16 / 2, 1 + 3 * ulp16 / 2, 1e6f, -0.0f};
    Path f16 = tmp.resolve("h.safetensors");
    SafetensorsWriter.write(f16, Map.of("x", FloatTensor.of(data, 2, 4)), Map.of(), DType.F16);
    assertThat(shorts(f16, "x")).containsExactly(0x3c00, 0xc000, 0x7bff, 0x0001, 0x3c00, 0x3c02, 0x7c00, 0x8000);
    try (SafetensorsFile f = SafetensorsFile.open(f16)) {
      assertThat(f.info("x").dtype()).isEqualTo(DType.F16);
      assertThat(f.readFloats("x")).containsExactly(1.0f, -2.0f, 65504f, (float) Math.pow(2, -24), 1f,
          1 + 2 * ulp16, Float.POSITIVE_INFINITY, -0.0f);
    }

    float ulpBf = (float) Math.pow(2, -7);
    float[] bdata = {1.0f, -2.0f, 1 + ulpBf / 2, 1 + 3 * ulpBf / 2, 3.0e38f, Float.MAX_VALUE};
    Path bf = tmp.resolve("b.safetensors");
    SafetensorsWriter.write(bf, Map.of("y", FloatTensor.of(bdata, 6)), Map.of(), DType.BF16);
    assertThat(shorts(bf, "y")).containsExactly(0x3f80, 0xc000, 0x3f80, 0x3f82, 0x7f62, 0x7f80);
    try (SafetensorsFile f = SafetensorsFile.open(bf)) {
      assertThat(f.readFloats("y")[0]).isEqualTo(1.0f);
      assertThat(f.readFloats("y")[3]).isEqualTo(1 + 2 * ulpBf);
    }
  }

  @Test
  void headerFollowsTheSpec() throws IOException {
    Path file = tmp.resolve("layout.safetensors");
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("z", FloatTensor.of(new float[] {1, 2, 3}, 3));
    tensors.put("a", FloatTensor.of(new float[] {4}));
    tensors.put("m", FloatTensor.of(new float[0], 0, 2));
    SafetensorsWriter.write(file, tensors, Map.of("step", "7"), DType.F32);

    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).as("data section starts 8-byte aligned").isZero();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\",\"step\":\"7\"}");
    assertThat(header.strip()).endsWith("}");
    assertThat(header.substring(header.strip().length())).matches(" {0,7}");
    JsonNode root = new ObjectMapper().readTree(header);
    List<String> keys = new ArrayList<>();
    root.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("__metadata__", "a", "m", "z");
    assertThat(root.get("a").toString()).isEqualTo("{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}");
    assertThat(root.get("m").toString()).isEqualTo("{\"dtype\":\"F32\",\"shape\":[0,2],\"data_offsets\":[4,4]}");
    assertThat(root.get("z").toString()).isEqualTo("{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]}");
    assertThat(bytes.length).isEqualTo(8 + n + 16);
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = tmp.resolve("w.safetensors");
    Files.writeString(file, "old contents");
    SafetensorsWriter.write(file, Map.of("w", FloatTensor.of(new float[] {1, 2}, 2)), Map.of(), DType.F32);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.readFloats("w")).containsExactly(1, 2);
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("w.safetensors");
    }
  }

  @Test
  void rejectsBadArguments() {
    Path file = tmp.resolve("x.safetensors");
    Map<String, FloatTensor> ok = Map.of("w", FloatTensor.of(new float[] {1}, 1));
    assertThatThrownBy(() -> SafetensorsWriter.write(file, ok, Map.of(), DType.I64))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("I64").hasMessageContaining("F32, F16, BF16");
    assertThatThrownBy(() -> SafetensorsWriter.write(file, Map.of("__metadata__", FloatTensor.of(new float[] {1}, 1)),
        Map.of(), DType.F32)).isInstanceOf(ConfigurationException.class).hasMessageContaining("__metadata__");
    assertThatThrownBy(() -> SafetensorsWriter.write(file, Map.of("", FloatTensor.of(new float[] {1}, 1)),
        Map.of(), DType.F32)).isInstanceOf(ConfigurationException.class).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> SafetensorsWriter.writeSharded(tmp, ok, 0, DType.F32))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxShardBytes");
    assertThat(file).doesNotExist();
  }

  @Test
  void shardsWhenLargerThanTheLimitAndReadsBackThroughTheIndex() throws IOException {
    Map<String, FloatTensor> tensors = new TreeMap<>();
    tensors.put("a", ramp(10, 0)); // 40 bytes
    tensors.put("b", ramp(10, 1)); // 40
    tensors.put("c", ramp(30, 2)); // 120: larger than a shard, so alone
    tensors.put("d", ramp(5, 3)); // 20
    tensors.put("e", ramp(5, 4)); // 20
    Path dir = tmp.resolve("model");
    SafetensorsWriter.writeSharded(dir, tensors, 80, DType.F32);

    assertThat(listing(dir)).containsExactly("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
        "model-00003-of-00003.safetensors", "model.safetensors.index.json");
    JsonNode index = new ObjectMapper().readTree(dir.resolve("model.safetensors.index.json").toFile());
    assertThat(index.at("/metadata/total_size").asLong()).isEqualTo(240);
    assertThat(index.get("weight_map").toString()).isEqualTo("{\"a\":\"model-00001-of-00003.safetensors\","
        + "\"b\":\"model-00001-of-00003.safetensors\",\"c\":\"model-00002-of-00003.safetensors\","
        + "\"d\":\"model-00003-of-00003.safetensors\",\"e\":\"model-00003-of-00003.safetensors\"}");
    try (SafetensorsIndex idx = SafetensorsIndex.open(dir)) {
      assertThat(idx.names()).containsExactly("a", "b", "c", "d", "e");
      for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
        assertThat(bits(idx.readFloats(e.getKey()))).isEqualTo(bits(e.getValue().data()));
        assertThat(idx.info(e.getKey()).shape()).isEqualTo(e.getValue().shape());
      }
      assertThat(idx.info("d").begin()).as("offsets are per shard").isZero();
    }
  }

  @Test
  void writesOneFileWhenEverythingFitsAndCleansUpTheOtherLayout() throws IOException {
    Path dir = tmp.resolve("model");
    Map<String, FloatTensor> big = Map.of("a", ramp(100, 0), "b", ramp(100, 1));
    SafetensorsWriter.writeSharded(dir, big, 500, DType.F32);
    assertThat(listing(dir)).containsExactly("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
        "model.safetensors.index.json");

    Files.writeString(dir.resolve("config.json"), "{}");
    Map<String, FloatTensor> small = Map.of("a", ramp(10, 0));
    SafetensorsWriter.writeSharded(dir, small, 500, DType.BF16);
    assertThat(listing(dir)).containsExactly("config.json", "model.safetensors");
    try (SafetensorsIndex idx = SafetensorsIndex.open(dir)) {
      assertThat(idx.names()).containsExactly("a");
      assertThat(idx.info("a").dtype()).isEqualTo(DType.BF16);
    }

    SafetensorsWriter.writeSharded(dir, Map.of("a", ramp(100, 0), "b", ramp(100, 1), "c", ramp(100, 2)), 400, DType.F32);
    assertThat(listing(dir)).containsExactly("config.json", "model-00001-of-00003.safetensors",
        "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors", "model.safetensors.index.json");
  }

  private static FloatTensor ramp(int n, int seed) {
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = seed * 1000 + i * 0.25f;
    }
    return FloatTensor.of(data, n);
  }

  private static int[] bits(float[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.floatToRawIntBits(values[i]);
    }
    return out;
  }

  private static int[] shorts(Path file, String name) {
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      ByteBuffer raw = f.raw(name);
      int[] out = new int[raw.remaining() / 2];
      for (int i = 0; i < out.length; i++) {
        out[i] = raw.getShort(2 * i) & 0xffff;
      }
      return out;
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
