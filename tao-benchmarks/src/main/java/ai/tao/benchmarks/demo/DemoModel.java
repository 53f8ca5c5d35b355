package ai.tao.benchmarks.demo;

import ai.djl.ndarray.NDManager;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
  static final List<String> FILES = List.of("config.json", "model.safetensors", ByteTokenizer.FILE_NAME);

  private DemoModel() {}

  /** 4 layers, width 128, 4 heads sharing 2 key/value heads, 256 positions, byte vocabulary. */
  public static ModelConfig config() {
    return ModelConfig.builder().hiddenSize(128).intermediateSize(352).numLayers(4).numHeads(4).numKvHeads(2)
        .vocabSize(ByteTokenizer.VOCAB_SIZE).maxPositions(256).rmsNormEps(1e-5).tieWordEmbeddings(true)
        .bosTokenId(ByteTokenizer.BOS_ID).eosTokenIds(List.of(ByteTokenizer.EOS_ID)).build();
  }

  /** A freshly initialised model (std 0.02) with the byte tokenizer. */
  public static DecoderPolicy fresh(long seed) {
    NDManager root = TaoRuntime.newManager();
    CausalLm model = new CausalLm(ModelWeights.randomInit(config(), root, seed, 0.02));
    return DecoderPolicy.of("sql-fresh", model, ByteTokenizer.create(), 128);
  }

  /** Whether the base checkpoint is on the classpath. */
  public static boolean hasBase() {
    return DemoModel.class.getResource(BASE_RESOURCE + "model.safetensors") != null;
  }

  /** Copies the committed base checkpoint out of the classpath into {@code dir} and loads it. */
  public static DecoderPolicy loadBase(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String f : FILES) {
        try (InputStream in = DemoModel.class.getResourceAsStream(BASE_RESOURCE + f)) {
          if (in == null) {
            throw new IllegalStateException("base checkpoint missing " + f + " on the classpath; run TrainBase");
          }
          Files.copy(in, dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return DecoderPolicy.load(dir);
  }
}
