package ai.tao.core.io;

import ai.tao.api.ConfigurationException;
import ai.tao.api.OutputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes float tensors as safetensors files, alone or sharded the way Hugging Face
 * {@code save_pretrained} does.
 *
 * <p>Every file is written to a temporary file in the same folder and then moved into place, so a
 * crash never leaves a half-written checkpoint under the real name. Failures throw {@link TaoException}.
 *
 * @since 0.1
 */
public final class SafetensorsWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SafetensorsWriter.class);

  /** Name of the single-file checkpoint in a model folder. */
  public static final String SINGLE_FILE = "model.safetensors";

  /** Name of the index that maps tensors to shards in a sharded model folder. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private static final Pattern SHARD_NAME = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");

  /** Elements converted per write call: bounds the staging buffer at 4 MiB. */
  private static final int CHUNK_ELEMENTS = 1 << 20;

  private SafetensorsWriter() {}

  /**
   * Writes {@code tensors} to {@code file} as {@code dtype}, replacing any existing file.
   *
   * <p>Tensors appear in the header and the data in sorted name order. The header's
   * {@code __metadata__} holds {@code "format": "pt"} (as PyTorch loaders expect) and then
   * {@code metadata}, which may override it. F32 is bit-exact; F16 and BF16 round to nearest, ties to even.
   *
   * @param dtype F32, F16 or BF16
   * @throws ConfigurationException for another dtype or a tensor named empty or {@code __metadata__}
   * @throws OutputException if the file cannot be written
   */
  public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata, DType dtype) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(tensors, "tensors");
    Objects.requireNonNull(metadata, "metadata");
    checkArgs(tensors, dtype);
    writeFile(file, new TreeMap<>(tensors), metadata, dtype);
  }

  /**
   * Writes a model folder's weights: one {@code model.safetensors} when they fit in
   * {@code maxShardBytes}, else shards {@code model-00001-of-0000N.safetensors} plus
   * {@code model.safetensors.index.json} with {@code metadata.total_size} (bytes of tensor data) and
   * {@code weight_map} (tensor → shard).
   *
   * <p>Tensors fill shards in sorted name order; one larger than {@code maxShardBytes} gets a shard of
   * its own. The folder is created if needed. The index is written after the shards, and checkpoint
   * files of the other layout or of an earlier shard count are deleted last, so the folder never
   * points at weights that are not there.
   *
   * @param maxShardBytes most bytes of tensor data per shard, > 0
   * @param dtype F32, F16 or BF16
   * @throws OutputException if a file cannot be written
   */
  public static void writeSharded(Path dir, Map<String, FloatTensor> tensors, long maxShardBytes, DType dtype) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(tensors, "tensors");
    if (maxShardBytes <= 0) {
      throw new ConfigurationException("maxShardBytes must be > 0, was " + maxShardBytes);
    }
    checkArgs(tensors, dtype);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OutputException("cannot create model folder " + dir + " (" + e + "): check permissions", e);
    }
    List<Map<String, FloatTensor>> shards = new ArrayList<>();
    Map<String, FloatTensor> current = new TreeMap<>();
    long currentBytes = 0;
    long totalBytes = 0;
    for (Map.Entry<String, FloatTensor> e : new TreeMap<>(tensors).entrySet()) {
      long bytes = e.getValue().numel() * dtype.byteSize();
      if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
        shards.add(current);
        current = new TreeMap<>();
        currentBytes = 0;
      }
      current.put(e.getKey(), e.getValue());
      currentBytes += bytes;
      totalBytes += bytes;
    }
    if (totalBytes <= maxShardBytes) {
      writeFile(dir.resolve(SINGLE_FILE), new TreeMap<>(tensors), Map.of(), dtype);
      deleteStale(dir, Set.of(SINGLE_FILE));
      return;
    }
    shards.add(current);
    Map<String, String> weightMap = new TreeMap<>();
    Set<String> written = new HashSet<>();
    for (int i = 0; i < shards.size(); i++) {
      String shardName = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      writeFile(dir.resolve(shardName), shards.get(i), Map.of(), dtype);
      written.add(shardName);
      for (String name : shards.get(i).keySet()) {
        weightMap.put(name, shardName);
      }
    }
    ObjectNode index = SafetensorsHeader.JSON.createObjectNode();
    index.putObject("metadata").put("total_size", totalBytes);
    ObjectNode map = index.putObject("weight_map");
    weightMap.forEach(map::put);
    byte[] json;
    try {
      json = SafetensorsHeader.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
    } catch (IOException e) {
      throw new OutputException("cannot encode " + INDEX_FILE + " for " + dir + ": " + e, e);
    }
    atomicWrite(dir.resolve(INDEX_FILE), channel -> writeFully(channel, ByteBuffer.wrap(json)));
    written.add(INDEX_FILE);
    LOG.info("wrote {} shards, {} tensors, {} bytes of {} to {}", shards.size(), weightMap.size(), totalBytes,
        dtype, dir);
    deleteStale(dir, written);
  }

  private static void checkArgs(Map<String, FloatTensor> tensors, DType dtype) {
    Objects.requireNonNull(dtype, "dtype");
    if (!dtype.supported()) {
      throw new ConfigurationException("cannot write dtype " + dtype + ": use one of " + DType.supportedNames());
    }
    for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
      Objects.requireNonNull(e.getKey(), "tensor name");
      Objects.requireNonNull(e.getValue(), () -> "tensor " + e.getKey());
      if (e.getKey().isEmpty() || e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
        throw new ConfigurationException("invalid tensor name \"" + e.getKey() + "\": it must be non-empty and"
            + " not " + SafetensorsHeader.METADATA_KEY);
      }
    }
  }

  private static void writeFile(Path file, Map<String, FloatTensor> sorted, Map<String, String> metadata,
      DType dtype) {
    ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
    ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
    meta.put("format", "pt");
    metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
        Objects.requireNonNull(v, () -> "metadata value of " + k)));
    long offset = 0;
    for (Map.Entry<String, FloatTensor> e : sorted.entrySet()) {
      long bytes = e.getValue().numel() * dtype.byteSize();
      ObjectNode t = root.putObject(e.getKey());
      t.put("dtype", dtype.safetensorsName());
      ArrayNode shape = t.putArray("shape");
      Arrays.stream(e.getValue().shape()).forEach(shape::add);
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json;
    try {
      json = SafetensorsHeader.JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new OutputException("cannot encode the safetensors header of " + file + ": " + e, e);
    }
    // The spec pads the header with spaces so the data section starts 8-byte aligned.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    atomicWrite(file, channel -> {
      writeFully(channel, head);
      ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
      for (FloatTensor t : sorted.values()) {
        writeData(channel, t.data(), dtype, chunk);
      }
    });
    LOG.debug("wrote {} tensors ({} bytes of {}) to {}", sorted.size(), offset, dtype, file);
  }

  private static void writeData(FileChannel channel, float[] data, DType dtype, ByteBuffer chunk)
      throws IOException {
    for (int start = 0; start < data.length; start += CHUNK_ELEMENTS) {
      int end = Math.min(data.length, start + CHUNK_ELEMENTS);
      chunk.clear();
      switch (dtype) {
        case F32 -> {
          for (int i = start; i < end; i++) {
            chunk.putInt(Float.floatToRawIntBits(data[i]));
          }
        }
        case F16 -> {
          for (int i = start; i < end; i++) {
            chunk.putShort(HalfFloats.floatToF16(data[i]));
          }
        }
        case BF16 -> {
          for (int i = start; i < end; i++) {
            chunk.putShort(HalfFloats.floatToBf16(data[i]));
          }
        }
        default -> throw new IllegalStateException("not a writable dtype: " + dtype);
      }
      writeFully(channel, chunk.flip());
    }
  }

  private interface ChannelWriter {
    void write(FileChannel channel) throws IOException;
  }

  /** Writes through a temporary sibling file, forces it to disk, then moves it over {@code file}. */
  private static void atomicWrite(Path file, ChannelWriter writer) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      // createFile, not createTempFile: the latter makes the file owner-only (0600) and the checkpoint
      // would keep that mode after the move; createFile honours the umask like any other new file.
      tmp = Files.createFile(dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp"));
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writer.write(channel);
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new OutputException("cannot write " + file + " (" + e + "): check free disk space and permissions", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Best effort: a leftover hidden .tmp file is harmless.
        }
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      channel.write(src);
    }
  }

  /** Deletes checkpoint files of the other layout or an older shard count, keeping {@code keep}. */
  private static void deleteStale(Path dir, Set<String> keep) {
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        boolean checkpoint = name.equals(SINGLE_FILE) || name.equals(INDEX_FILE) || SHARD_NAME.matcher(name).matches();
        if (checkpoint && !keep.contains(name)) {
          stale.add(p);
        }
      }
      for (Path p : stale) {
        Files.deleteIfExists(p);
        LOG.info("deleted stale checkpoint file {}", p);
      }
    } catch (IOException e) {
      throw new OutputException("wrote the checkpoint in " + dir + " but cannot delete stale checkpoint files " + stale
          + " (" + e + "): delete them by hand, or loaders may read the old weights", e);
    }
  }
}
