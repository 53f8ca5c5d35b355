package ai.tao.api;

import java.util.Objects;

/**
 * One turn of a chat conversation, to be rendered by the model's chat template.
 *
 * @param role who speaks, usually {@code "system"}, {@code "user"} or {@code "assistant"}; never
 *     blank. Other roles are passed through to the chat template unchanged.
 * @param content what is said; may be empty, never null
 * @since 0.1
 */
public record ChatMessage(String role, String content) {

  /** The conventional system role. */
  public static final String SYSTEM = "system";
  /** The conventional user role. */
  public static final String USER = "user";
  /** The conventional assistant role. */
  public static final String ASSISTANT = "assistant";

  /**
   * @throws DataInputException if {@code role} is blank
   */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    if (role.isBlank()) {
      throw new DataInputException("chat message role must not be blank, got '" + role + "'");
    }
  }

  /** A {@code system} message. */
  public static ChatMessage system(String content) {
    return new ChatMessage(SYSTEM, content);
  }

  /** A {@code user} message. */
  public static ChatMessage user(String content) {
    return new ChatMessage(USER, content);
  }

  /** An {@code assistant} message. */
  public static ChatMessage assistant(String content) {
    return new ChatMessage(ASSISTANT, content);
  }
}
