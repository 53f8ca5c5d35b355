package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ModelLoadException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a header can be wrong fails at open with the file, the tensor and the problem named. */
class SafetensorsMalformedTest {

  @TempDir Path tmp;

  private static String t(String name, String dtype, String shape, String offsets) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
  }

  static Stream<Arguments> badHeaders() {
    return Stream.of(
        // case, header JSON, data bytes, what the message must say, tensor the message must name (or "")
        Arguments.of("not json", "{not json", 0, "not valid JSON", ""),
        Arguments.of("array root", "[1,2,3]", 0, "not a JSON object", ""),
        Arguments.of("string root", "\"hello\"", 0, "not a JSON object", ""),
        Arguments.of("whitespace only", "        ", 0, "not a JSON object", ""),
        Arguments.of("trailing garbage", "{} xyz", 0, "not valid JSON", ""),
        Arguments.of("duplicate tensor", "{" + t("a", "F32", "[1]", "[0,4]") + "," + t("a", "F32", "[1]", "[0,4]") + "}",
            4, "not valid JSON", ""),
        Arguments.of("entry not an object", "{\"w\":5}", 0, "not a JSON object", "tensor w"),
        Arguments.of("no dtype", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "no \"dtype\"", "tensor w"),
        Arguments.of("dtype not a string", "{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
            "\"dtype\" that is not a string", "tensor w"),
        Arguments.of("no shape", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "no \"shape\"", "tensor w"),
        Arguments.of("no offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "no \"data_offsets\"", "tensor w"),
        Arguments.of("unknown dtype", "{" + t("w", "F8_E8M0", "[1]", "[0,1]") + "}", 1, "unknown dtype \"F8_E8M0\"",
            "tensor w"),
        Arguments.of("lower-case dtype", "{" + t("w", "float32", "[1]", "[0,4]") + "}", 4, "unknown dtype \"float32\"",
            "tensor w"),
        Arguments.of("negative dim", "{" + t("w", "F32", "[2,-1]", "[0,4]") + "}", 4, "negative dimension", "tensor w"),
        Arguments.of("fractional dim", "{" + t("w", "F32", "[1.5]", "[0,4]") + "}", 4, "not a 64-bit integer",
            "tensor w"),
        Arguments.of("huge dim", "{" + t("w", "F32", "[1e30]", "[0,4]") + "}", 4, "not a 64-bit integer", "tensor w"),
        Arguments.of("bigint dim", "{" + t("w", "F32", "[99999999999999999999999]", "[0,4]") + "}", 4,
            "not a 64-bit integer", "tensor w"),
        Arguments.of("shape not array", "{" + t("w", "F32", "4", "[0,4]") + "}", 4, "not an array", "tensor w"),
        Arguments.of("three offsets", "{" + t("w", "F32", "[1]", "[0,4,8]") + "}", 8, "not an array of 2", "tensor w"),
        Arguments.of("offsets reversed", "{" + t("w", "F32", "[1]", "[4,0]") + "}", 4, "out of order", "tensor w"),
        Arguments.of("negative offset", "{" + t("w", "F32", "[1]", "[-4,0]") + "}", 4, "out of order", "tensor w"),
        Arguments.of("offsets past end", "{" + t("w", "F32", "[4]", "[0,16]") + "}", 8, "past the end of the 8-byte",
            "tensor w"),
        Arguments.of("span too short for shape", "{" + t("w", "F32", "[2,3]", "[0,20]") + "}", 24,
            "needs 24 bytes (6 × 4), but data_offsets [0, 20] span 20", "tensor w"),
        Arguments.of("span too long for shape", "{" + t("w", "BF16", "[3]", "[0,8]") + "}", 8, "needs 6 bytes",
            "tensor w"),
        Arguments.of("overlap", "{" + t("a", "F32", "[2]", "[0,8]") + "," + t("b", "F32", "[2]", "[4,12]") + "}", 12,
            "overlapping tensor a", "tensor b"),
        Arguments.of("numel overflow", "{" + t("w", "F32", "[4294967296,4294967296]", "[0,4]") + "}", 4,
            "more elements than a long holds", "tensor w"),
        Arguments.of("empty name", "{" + t("", "F32", "[1]", "[0,4]") + "}", 4, "empty name", ""),
        Arguments.of("metadata not object", "{\"__metadata__\":[1]}", 0, "__metadata__", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHeaders")
  void badHeaderFailsWithAClearMessage(String label, String header, int dataBytes, String what, String tensor)
      throws IOException {
    Path file = RawSafetensors.write(tmp, "bad-" + label.replace(' ', '_') + ".safetensors",
        RawSafetensors.bytes(header, dataBytes));
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining(what)
        .hasMessageContaining(tensor)
        .hasMessageMatching("(?s).*(re-download|re-save|convert).*");
  }

  @Test
  void threeByteFile() throws IOException {
    Path file = RawSafetensors.write(tmp, "tiny.safetensors", new byte[] {1, 2, 3});
    assertFails(file, "is 3 bytes long", "truncated");
  }

  @Test
  void emptyFile() throws IOException {
    Path file = RawSafetensors.write(tmp, "zero.safetensors", new byte[0]);
    assertFails(file, "is 0 bytes long", "re-download");
  }

  @Test
  void zeroHeaderLength() throws IOException {
    Path file = RawSafetensors.write(tmp, "len0.safetensors", RawSafetensors.bytes(0, "{}".getBytes(StandardCharsets.UTF_8), 0));
    assertFails(file, "header length of 0", "re-download");
  }

  @Test
  void negativeHeaderLengthIsShownUnsigned() throws IOException {
    Path file = RawSafetensors.write(tmp, "neg.safetensors", RawSafetensors.bytes(-1L, new byte[4], 0));
    assertFails(file, "header length of 18446744073709551615", "not a safetensors file");
  }

  @Test
  void headerLongerThanFile() throws IOException {
    Path file = RawSafetensors.write(tmp, "long.safetensors", RawSafetensors.bytes(1000, "{}".getBytes(StandardCharsets.UTF_8), 0));
    assertFails(file, "declares a 1000-byte header but only 2 bytes follow", "truncated");
  }

  @Test
  void hugeHeaderLength() throws IOException {
    Path file = RawSafetensors.write(tmp, "huge.safetensors", RawSafetensors.bytes(1L << 50, new byte[16], 0));
    assertFails(file, "declares a 1125899906842624-byte header", "truncated");
  }

  @Test
  void headerOver100MbIsRefusedEvenIfTheFileIsThatLarge() throws IOException {
    Path file = tmp.resolve("sparse.safetensors");
    long declared = 100L * 1024 * 1024 + 1;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(8 + declared + 8); // sparse: costs no disk
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declared).array());
    }
    assertFails(file, "more than the 104857600-byte limit", "re-download");
  }

  @Test
  void invalidUtf8() throws IOException {
    byte[] header = {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'};
    Path file = RawSafetensors.write(tmp, "latin.safetensors", RawSafetensors.bytes(header.length, header, 0));
    assertFails(file, "not valid UTF-8", "re-download");
  }

  @Test
  void truncatedFileFromTheWriter() throws IOException {
    Path file = tmp.resolve("cut.safetensors");
    SafetensorsWriter.write(file, Map.of("x", FloatTensor.of(new float[64], 8, 8)), Map.of(), DType.F32);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 10));
    assertFails(file, "tensor x has data_offsets [0, 256] past the end of the 246-byte data section", "truncated");
  }

  private static void assertFails(Path file, String what, String advice) {
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining(what)
        .hasMessageContaining(advice);
  }
}
