package ai.tao.core.io;

import ai.tao.api.ModelLoadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights of a Hugging Face model folder: either {@code model.safetensors.index.json} and the
 * shards it names, or a single {@code model.safetensors}.
 *
 * <p>{@link #open} opens every shard once and checks that each tensor the index maps is in its shard,
 * so a stale index or a missing shard fails at load time, not halfway through building a model.
 *
 * @since 0.1
 */
public final class SafetensorsIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SafetensorsIndex.class);

  private final Path directory;
  /** Tensor name → the open file holding it, in sorted name order. */
  private final Map<String, SafetensorsFile> byTensor;
  private final Map<String, SafetensorsFile> files;

  private SafetensorsIndex(Path directory, Map<String, SafetensorsFile> byTensor, Map<String, SafetensorsFile> files) {
    this.directory = directory;
    this.byTensor = Collections.unmodifiableMap(byTensor);
    this.files = files;
  }

  /**
   * Opens the weights in {@code modelDir}, preferring the sharded index when both layouts are there.
   *
   * @throws ModelLoadException if the folder has no weights, the index is malformed, a shard is missing
   *     or malformed, or a shard lacks a tensor the index maps to it
   */
  public static SafetensorsIndex open(Path modelDir) {
    Objects.requireNonNull(modelDir, "modelDir");
    if (!Files.isDirectory(modelDir)) {
      throw new ModelLoadException("model folder " + modelDir + " does not exist or is not a folder: check the path");
    }
    Path index = modelDir.resolve(SafetensorsWriter.INDEX_FILE);
    if (Files.exists(index)) {
      return openSharded(modelDir, index);
    }
    Path single = modelDir.resolve(SafetensorsWriter.SINGLE_FILE);
    if (Files.exists(single)) {
      SafetensorsFile file = SafetensorsFile.open(single);
      Map<String, SafetensorsFile> byTensor = new TreeMap<>();
      for (String name : file.names()) {
        byTensor.put(name, file);
      }
      return new SafetensorsIndex(modelDir, byTensor, Map.of(SafetensorsWriter.SINGLE_FILE, file));
    }
    throw new ModelLoadException("no " + SafetensorsWriter.SINGLE_FILE + " or " + SafetensorsWriter.INDEX_FILE
        + " in " + modelDir + ": point at a Hugging Face model folder with safetensors weights (convert a"
        + " .bin/.pth checkpoint with save_pretrained(safe_serialization=True))");
  }

  private static SafetensorsIndex openSharded(Path dir, Path index) {
    Map<String, String> weightMap = readWeightMap(index);
    Map<String, SafetensorsFile> files = new LinkedHashMap<>();
    try {
      Map<String, SafetensorsFile> byTensor = new TreeMap<>();
      for (Map.Entry<String, String> e : weightMap.entrySet()) {
        String tensor = e.getKey();
        String shardName = e.getValue();
        SafetensorsFile shard = files.get(shardName);
        if (shard == null) {
          Path shardPath = dir.resolve(shardName);
          if (!Files.exists(shardPath)) {
            throw new ModelLoadException("shard " + shardPath + ", which " + index + " names for tensor " + tensor
                + ", does not exist: the download is incomplete; re-download the model folder");
          }
          shard = SafetensorsFile.open(shardPath);
          files.put(shardName, shard);
        }
        if (!shard.contains(tensor)) {
          throw new ModelLoadException(SafetensorsFile.missingMessage(
              "shard " + shard.path() + " (" + index.getFileName() + " maps it there)", tensor, shard.names())
              + "; or the index is stale: re-download the model folder");
        }
        byTensor.put(tensor, shard);
      }
      LOG.debug("opened {} tensors in {} shards of {}", byTensor.size(), files.size(), dir);
      return new SafetensorsIndex(dir, byTensor, files);
    } catch (RuntimeException | Error e) {
      files.values().forEach(SafetensorsFile::close);
      throw e;
    }
  }

  private static Map<String, String> readWeightMap(Path index) {
    JsonNode root;
    try {
      root = SafetensorsHeader.JSON.readTree(Files.readAllBytes(index));
    } catch (JsonProcessingException e) {
      throw new ModelLoadException("index " + index + " is not valid JSON (" + e.getOriginalMessage()
          + "): re-download the model folder", e);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read index " + index + " (" + e + "): check that it is a readable file", e);
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject()) {
      throw new ModelLoadException("index " + index + " has no \"weight_map\" object (tensor name → shard file):"
          + " re-download the model folder");
    }
    if (map.isEmpty()) {
      throw new ModelLoadException("index " + index + " has an empty \"weight_map\": re-download the model folder");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      String shard = e.getValue().isTextual() ? e.getValue().textValue() : "";
      if (!isPlainFileName(shard)) {
        throw new ModelLoadException("index " + index + " maps tensor " + e.getKey() + " to "
            + e.getValue() + ", which is not a file name in the model folder: re-download the model folder");
      }
      out.put(e.getKey(), shard);
    }
    return out;
  }

  /** A shard must sit beside the index: no folders, no "..", so an index cannot point elsewhere. */
  private static boolean isPlainFileName(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
        && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
  }

  /** The model folder. */
  public Path directory() {
    return directory;
  }

  /** Tensor names in sorted order: those the index maps, or all in the single file. */
  public Set<String> names() {
    return byTensor.keySet();
  }

  /**
   * Where a tensor lies and what it holds; its offsets are relative to its own shard.
   *
   * @throws ModelLoadException if there is no such tensor; the message lists some that exist
   */
  public TensorInfo info(String name) {
    return fileOf(name).info(name);
  }

  /** A tensor's elements as floats; see {@link SafetensorsFile#readFloats}. */
  public float[] readFloats(String name) {
    return fileOf(name).readFloats(name);
  }

  /** A tensor's bytes as stored; see {@link SafetensorsFile#raw}. */
  public ByteBuffer raw(String name) {
    return fileOf(name).raw(name);
  }

  /** Closes every shard. Idempotent. */
  @Override
  public void close() {
    files.values().forEach(SafetensorsFile::close);
  }

  @Override
  public String toString() {
    return "SafetensorsIndex[" + directory + ", " + byTensor.size() + " tensors in " + files.size() + " files]";
  }

  private SafetensorsFile fileOf(String name) {
    Objects.requireNonNull(name, "name");
    SafetensorsFile file = byTensor.get(name);
    if (file == null) {
      throw new ModelLoadException(SafetensorsFile.missingMessage("model folder " + directory, name, names()));
    }
    return file;
  }
}
