package ai.tao.benchmarks.demo;

import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's small model: a byte-level Llama (≈0.8M parameters) this project trains itself, and the
 * committed base checkpoint it starts from.
 */
public final class DemoModel {
  /** Classpath folder of the committed base checkpoint (written by {@link TrainBase}). */
  public static final String BASE_RESOURCE = "/ai/tao/benchmarks/demo/base/";
  /** The files of a checkpoint folder. */
  public static final List<String> FILES = List.of("config.json", "model.safetensors", ByteTokenizer.FILE_NAME);

  private DemoModel() {}

  /** 4 layers, width 128, 4 heads sharing 2 key/value heads, 256 positions, byte vocabulary. */
  public static ModelConfig config() {
    return ModelConfig.builder().tokenizer(ByteTokenizer.create()).hiddenSize(128).intermediateSize(352).numLayers(4)
        .numHeads(4).numKvHeads(2).maxPositions(256).rmsNormEps(1e-5).tieWordEmbeddings(true).build();
  }

  /** A freshly initialised model (std 0.02) with the byte tokenizer. */
  public static DecoderPolicy fresh(long seed) {
    return fresh("sql-fresh", seed);
  }

  /** A freshly initialised model (std 0.02) with the byte tokenizer, named {@code name}. */
  public static DecoderPolicy fresh(String name, long seed) {
    return DecoderPolicy.fresh(name, config(), ByteTokenizer.create(), seed);
  }

  /** Whether the SQL demo's base checkpoint is on the classpath. */
  public static boolean hasBase() {
    return hasBase(BASE_RESOURCE);
  }

  /** Whether a checkpoint is in the classpath folder {@code resource} (ending in {@code /}). */
  public static boolean hasBase(String resource) {
    return DemoModel.class.getResource(resource + "model.safetensors") != null;
  }

  /** Copies the SQL demo's committed base checkpoint out of the classpath into {@code dir} and loads it. */
  public static DecoderPolicy loadBase(Path dir) {
    return loadBase(BASE_RESOURCE, dir, "TrainBase");
  }

  /**
   * Copies the checkpoint in the classpath folder {@code resource} (ending in {@code /}; its files
   * as {@link #FILES}) into {@code dir} and loads it.
   *
   * @param trainer the main class that writes the checkpoint, named in the error if a file is missing
   */
  public static DecoderPolicy loadBase(String resource, Path dir, String trainer) {
    try {
      Files.createDirectories(dir);
      for (String f : FILES) {
        try (InputStream in = DemoModel.class.getResourceAsStream(resource + f)) {
          if (in == null) {
            throw new ModelLoadException("checkpoint " + resource + " missing " + f + " on the classpath; run "
                + trainer);
          }
          Files.copy(in, dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new OutputException("cannot copy the base checkpoint to " + dir + ": " + e.getMessage(), e);
    }
    return DecoderPolicy.load(dir);
  }
}
