package ai.tao.core.tokenizer;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns text into token ids and back, for one model's vocabulary.
 *
 * <p>Implementations never truncate or pad: {@link #encode} returns every token of the text, and
 * batching code pads with {@link #padId()} itself. Ids passed to {@link #decode} must lie in
 * {@code [0, vocabSize())}; sampling code masks logits beyond the tokenizer's vocabulary (a
 * checkpoint's embedding table is often larger than its tokenizer).
 *
 * @since 0.1
 */
public interface TextTokenizer extends AutoCloseable {

  /**
   * Encodes {@code text} into token ids.
   *
   * @param text the text to encode; may be empty
   * @param addSpecialTokens whether to add the tokens the tokenizer adds around a sequence (for
   *     Llama-family tokenizers: BOS in front). Pass {@code false} for text rendered by a {@link
   *     ChatTemplate}, which already contains them, as Hugging Face's {@code apply_chat_template}
   *     does.
   * @return the ids, never {@code null}
   */
  int[] encode(String text, boolean addSpecialTokens);

  /**
   * Decodes token ids into text.
   *
   * @param ids ids in {@code [0, vocabSize())}
   * @param skipSpecialTokens whether to drop special tokens (BOS, EOS, padding, ...) from the text
   * @return the text; byte sequences that are not valid UTF-8 come out as U+FFFD, never as an
   *     exception
   * @throws IllegalArgumentException if an id lies outside {@code [0, vocabSize())}
   */
  String decode(int[] ids, boolean skipSpecialTokens);

  /** Number of ids this tokenizer can produce: every id lies in {@code [0, vocabSize())}. */
  int vocabSize();

  /** Id of the beginning-of-sequence token, if the tokenizer has one. */
  OptionalInt bosId();

  /**
   * Ids that end generation. Several for chat models (Llama 3: {@code <|end_of_text|>} and {@code
   * <|eot_id|>}). Never {@code null}; empty when the model declares none.
   */
  Set<Integer> eosIds();

  /** Id of the padding token, if the tokenizer has one. */
  OptionalInt padId();

  /** Releases native resources, if any. Idempotent. Does not throw. */
  @Override
  default void close() {}

  /**
   * The chat template that came with this tokenizer's model folder, if any; empty means the
   * {@linkplain ChatTemplate#fallback() fallback format}. Empty by default.
   *
   * @since 0.5
   */
  default Optional<ChatTemplate> chatTemplate() {
    return Optional.empty();
  }

  /**
   * Writes the files that load this tokenizer again into the model folder {@code modelDir}, so that
   * a saved policy's folder is complete. Does nothing by default: a tokenizer of your own that
   * cannot write itself leaves its folder's tokenizer files for you to copy.
   *
   * @throws ai.tao.api.OutputException if a file cannot be written
   * @since 0.6
   */
  default void writeTo(Path modelDir) {}

  /**
   * The model folder this tokenizer was read from, if any: what a LoRA adapter's {@code
   * base_model_name_or_path} names. Empty by default.
   *
   * @since 0.6
   */
  default Optional<Path> sourceDir() {
    return Optional.empty();
  }
}
