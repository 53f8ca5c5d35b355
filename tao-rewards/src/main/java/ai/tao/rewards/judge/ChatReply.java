package ai.tao.rewards.judge;

import java.util.Objects;

/**
 * What a chat endpoint answered: the reply text and the tokens it was billed for.
 *
 * @param content {@code choices[0].message.content}
 * @param promptTokens {@code usage.prompt_tokens}; 0 when the endpoint reports no usage
 * @param completionTokens {@code usage.completion_tokens}; 0 when the endpoint reports no usage
 */
record ChatReply(String content, long promptTokens, long completionTokens) {
  ChatReply {
    Objects.requireNonNull(content, "content");
  }

  long tokens() {
    return promptTokens + completionTokens;
  }
}
