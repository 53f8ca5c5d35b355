package ai.tao.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One unlabeled input to tune on: either a plain text prompt or a chat conversation, never both.
 *
 * <p><b>A prompt carries no gold answer, by design.</b> TAO tunes on prompts alone and scores
 * candidates label-free; a reference answer reaching a scorer would silently turn the run into
 * supervised training and invalidate its results. {@link #metadata()} is for provenance only (source
 * file, line number, dataset split, a hash): never put labels, expected outputs or hints about the
 * answer there. Benchmarks that need gold answers keep them in their own structures, keyed by
 * {@link #id()}.
 *
 * <p>Exactly one of {@code text} and {@code messages} is present: {@code text} is null exactly when
 * {@code messages} is non-empty. Prefer {@link #textOpt()} to the nullable {@link #text()}.
 *
 * @param id stable identifier, unique within a prompt source; never blank
 * @param text the raw prompt text for completion-style prompts; null for chat prompts
 * @param messages the conversation for chat prompts; empty for text prompts
 * @param metadata provenance such as {@code source=train.jsonl}, {@code line=12}; never labels
 * @since 0.1
 */
public record Prompt(String id, String text, List<ChatMessage> messages, Map<String, String> metadata) {

  /**
   * @throws DataInputException if {@code id} is blank, or if not exactly one of {@code text} and
   *     {@code messages} is present
   */
  public Prompt {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new DataInputException("prompt id must not be blank, got '" + id + "'");
    }
    messages = Copies.list(messages, "messages");
    metadata = Copies.orderedMap(metadata, "metadata");
    if (text == null && messages.isEmpty()) {
      throw new DataInputException(
          "prompt '" + id + "' has neither text nor messages: give exactly one of them");
    }
    if (text != null && !messages.isEmpty()) {
      throw new DataInputException(
          "prompt '" + id + "' has both text and " + messages.size()
              + " messages: give exactly one of them");
    }
  }

  /** A completion-style prompt with no metadata. */
  public static Prompt ofText(String id, String text) {
    return new Prompt(id, Objects.requireNonNull(text, "text"), List.of(), Map.of());
  }

  /** A chat prompt with no metadata; {@code messages} must not be empty. */
  public static Prompt ofMessages(String id, List<ChatMessage> messages) {
    return new Prompt(id, null, messages, Map.of());
  }

  /** The raw text of a completion-style prompt; empty for a chat prompt. */
  public Optional<String> textOpt() {
    return Optional.ofNullable(text);
  }

  /** Whether this is a chat prompt (has messages rather than text). */
  public boolean isChat() {
    return !messages.isEmpty();
  }

  /**
   * A copy with one metadata entry added or replaced. Provenance only: see the class comment.
   *
   * @throws DataInputException if {@code key} is blank
   */
  public Prompt withMetadata(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isBlank()) {
      throw new DataInputException("metadata key of prompt '" + id + "' must not be blank");
    }
    Map<String, String> updated = new LinkedHashMap<>(metadata);
    updated.put(key, value);
    return new Prompt(id, text, messages, updated);
  }
}
