package ai.tao.core.io;

import ai.tao.api.ModelLoadException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed and fully validated header of a safetensors file.
 *
 * <p>Layout (https://github.com/huggingface/safetensors): 8 bytes little-endian unsigned header
 * length N, N bytes of UTF-8 JSON, then the data section. The JSON maps each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} with offsets relative to the data section,
 * plus an optional {@code "__metadata__"} object of strings.
 *
 * @param tensors every tensor, by name in sorted order
 * @param metadata the {@code __metadata__} entries, in file order
 * @param dataStart absolute file position of the data section (8 + N)
 */
record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {

  /** Headers above this are refused before allocating: real ones are a few hundred KB. */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  static final String METADATA_KEY = "__metadata__";

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final String REDOWNLOAD = "re-download or re-save it";

  /** Reads and validates the header of {@code file}, open as {@code channel}; reads no tensor data. */
  static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 8) {
      throw fail(file, "is " + fileSize + " bytes long, shorter than the 8-byte header length that starts"
          + " every safetensors file: the file is truncated or not a safetensors file; " + REDOWNLOAD);
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, 0);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength <= 0) {
      throw fail(file, "declares a header length of " + Long.toUnsignedString(headerLength)
          + " bytes: the file is corrupt or not a safetensors file; " + REDOWNLOAD);
    }
    if (headerLength > fileSize - 8) {
      throw fail(file, "declares a " + headerLength + "-byte header but only " + (fileSize - 8)
          + " bytes follow the length field: the file is truncated or not a safetensors file; " + REDOWNLOAD);
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw fail(file, "declares a " + headerLength + "-byte header, more than the " + MAX_HEADER_BYTES
          + "-byte limit: the file is corrupt or not a safetensors file; " + REDOWNLOAD);
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(channel, headerBytes, 8);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(headerBytes.flip())
          .toString();
    } catch (CharacterCodingException e) {
      throw fail(file, "has a header that is not valid UTF-8: the file is corrupt or not a safetensors file; "
          + REDOWNLOAD, e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw fail(file, "has a header that is not valid JSON (" + e.getOriginalMessage()
          + "): the file is corrupt or not a safetensors file; " + REDOWNLOAD, e);
    }
    if (root == null || !root.isObject()) {
      throw fail(file, "has a header that is not a JSON object: the file is corrupt or not a safetensors file; "
          + REDOWNLOAD);
    }
    long dataStart = 8 + headerLength;
    long dataLength = fileSize - dataStart;
    Map<String, String> metadata = Collections.emptyMap();
    Map<String, TensorInfo> tensors = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(METADATA_KEY)) {
        metadata = metadata(file, field.getValue());
      } else {
        TensorInfo info = tensor(file, field.getKey(), field.getValue(), dataLength);
        tensors.put(info.name(), info);
      }
    }
    checkNoOverlap(file, tensors);
    return new SafetensorsHeader(Collections.unmodifiableMap(tensors), metadata, dataStart);
  }

  private static Map<String, String> metadata(Path file, JsonNode node) {
    if (!node.isObject()) {
      throw fail(file, "has a " + METADATA_KEY + " entry that is not a JSON object of strings: " + REDOWNLOAD);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      // The format says string values; keep other JSON as its text rather than refuse a loadable file.
      out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
    }
    return Collections.unmodifiableMap(out);
  }

  private static TensorInfo tensor(Path file, String name, JsonNode node, long dataLength) {
    if (name.isEmpty()) {
      throw fail(file, "has a tensor with an empty name: the file is corrupt; " + REDOWNLOAD);
    }
    if (!node.isObject()) {
      throw failTensor(file, name, "has an entry that is not a JSON object with dtype, shape and data_offsets");
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw failTensor(file, name, dtypeNode == null ? "has no \"dtype\"" : "has a \"dtype\" that is not a string");
    }
    String dtypeName = dtypeNode.textValue();
    DType dtype = DType.fromSafetensorsName(dtypeName).orElseThrow(() -> failTensor(file, name,
        "has unknown dtype \"" + abbreviate(dtypeName) + "\" (TAO reads " + DType.supportedNames() + ")",
        "convert the checkpoint to one of those, e.g. re-save it in float32 or bfloat16"));
    long[] shape = longs(file, name, node.get("shape"), "shape", -1);
    for (long d : shape) {
      if (d < 0) {
        throw failTensor(file, name, "has a negative dimension in shape " + Arrays.toString(shape));
      }
    }
    long[] offsets = longs(file, name, node.get("data_offsets"), "data_offsets", 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (begin < 0 || end < begin) {
      throw failTensor(file, name, "has data_offsets [" + begin + ", " + end
          + "] out of order: begin must be >= 0 and <= end");
    }
    if (end > dataLength) {
      throw failTensor(file, name, "has data_offsets [" + begin + ", " + end + "] past the end of the "
          + dataLength + "-byte data section: the file is truncated");
    }
    long numel;
    long bytes;
    try {
      numel = TensorInfo.numel(shape);
      bytes = Math.multiplyExact(numel, dtype.byteSize());
    } catch (ArithmeticException e) {
      throw failTensor(file, name, "has shape " + Arrays.toString(shape) + " with more elements than a long holds");
    }
    if (end - begin != bytes) {
      throw failTensor(file, name, "has shape " + Arrays.toString(shape) + " of " + dtype + ", which needs "
          + bytes + " bytes (" + numel + " × " + dtype.byteSize() + "), but data_offsets [" + begin + ", "
          + end + "] span " + (end - begin) + " bytes");
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  /** A JSON array of 64-bit integers; {@code expectedLength} -1 for any length. */
  private static long[] longs(Path file, String name, JsonNode node, String field, int expectedLength) {
    if (node == null) {
      throw failTensor(file, name, "has no \"" + field + "\"");
    }
    if (!node.isArray() || (expectedLength >= 0 && node.size() != expectedLength)) {
      throw failTensor(file, name, "has a \"" + field + "\" that is not an array of "
          + (expectedLength >= 0 ? expectedLength + " " : "") + "integers: " + abbreviate(node.toString()));
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw failTensor(file, name, "has a \"" + field + "\" entry that is not a 64-bit integer: "
            + abbreviate(v.toString()));
      }
      out[i] = v.longValue();
    }
    return out;
  }

  /** Tensors may leave gaps in the data section but must not share bytes. */
  private static void checkNoOverlap(Path file, Map<String, TensorInfo> tensors) {
    List<TensorInfo> byOffset = new ArrayList<>();
    for (TensorInfo t : tensors.values()) {
      if (t.byteSize() > 0) {
        byOffset.add(t);
      }
    }
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    for (int i = 1; i < byOffset.size(); i++) {
      TensorInfo prev = byOffset.get(i - 1);
      TensorInfo cur = byOffset.get(i);
      if (cur.begin() < prev.end()) {
        throw failTensor(file, cur.name(), "has data_offsets [" + cur.begin() + ", " + cur.end()
            + "] overlapping tensor " + prev.name() + " at [" + prev.begin() + ", " + prev.end() + "]");
      }
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  static ModelLoadException fail(Path file, String what) {
    return new ModelLoadException("safetensors file " + file + " " + what);
  }

  static ModelLoadException fail(Path file, String what, Throwable cause) {
    return new ModelLoadException("safetensors file " + file + " " + what, cause);
  }

  private static ModelLoadException failTensor(Path file, String name, String what) {
    return failTensor(file, name, what, "the file is corrupt or was written by a broken tool: " + REDOWNLOAD);
  }

  private static ModelLoadException failTensor(Path file, String name, String what, String advice) {
    return new ModelLoadException(
        "safetensors file " + file + ": tensor " + abbreviate(name) + " " + what + "; " + advice);
  }
}
