package ai.tao.core.tokenizer;

import ai.tao.api.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Picks the tokenizer of a model folder by the file it holds.
 *
 * @since 0.1
 */
public final class Tokenizers {

  private Tokenizers() {}

  /**
   * Loads the tokenizer of {@code modelDir}:
   *
   * <ul>
   *   <li>{@value HfModelFiles#TOKENIZER_JSON} (a Hugging Face checkpoint): an {@link HfTokenizer};
   *   <li>{@value ByteTokenizer#FILE_NAME} (a model this project trained): a {@link ByteTokenizer}.
   * </ul>
   *
   * @throws ModelLoadException if the folder holds neither file or both (which one is meant is then
   *     unclear), or if the tokenizer found cannot be loaded
   */
  public static TextTokenizer load(Path modelDir) {
    Objects.requireNonNull(modelDir, "modelDir");
    if (!Files.isDirectory(modelDir)) {
      throw new ModelLoadException("Model folder " + modelDir + " does not exist or is not a folder");
    }
    boolean hf = Files.isRegularFile(modelDir.resolve(HfModelFiles.TOKENIZER_JSON));
    boolean bytes = Files.isRegularFile(modelDir.resolve(ByteTokenizer.FILE_NAME));
    if (hf && bytes) {
      throw new ModelLoadException(
          "Model folder " + modelDir + " holds both " + HfModelFiles.TOKENIZER_JSON + " and "
              + ByteTokenizer.FILE_NAME + "; remove the one that does not belong to the model");
    }
    if (hf) {
      return HfTokenizer.load(modelDir);
    }
    if (bytes) {
      return ByteTokenizer.load(modelDir);
    }
    throw new ModelLoadException(
        "No tokenizer in model folder " + modelDir + ": looked for " + HfModelFiles.TOKENIZER_JSON
            + " (Hugging Face fast tokenizer) and " + ByteTokenizer.FILE_NAME
            + " (TAO byte tokenizer, written by ByteTokenizer.save)");
  }
}
