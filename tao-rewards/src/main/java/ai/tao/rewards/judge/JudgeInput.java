package ai.tao.rewards.judge;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import java.util.List;
import java.util.Objects;

/**
 * One group as the judge sees it: the question and the group's distinct candidate texts, sorted, so
 * that the calls a mode plans do not depend on the order the candidates were sampled in.
 *
 * @param promptId the prompt's id (seeds the group mode's shuffle)
 * @param question the question as {@code {question}} shows it
 * @param texts the distinct candidate texts, in {@link String} order
 */
record JudgeInput(String promptId, String question, List<String> texts) {
  JudgeInput {
    Objects.requireNonNull(promptId, "promptId");
    Objects.requireNonNull(question, "question");
    texts = List.copyOf(texts);
  }

  /** The question of {@code prompt}: its text, or its messages as {@code role: content} lines. */
  static String question(Prompt prompt) {
    if (!prompt.isChat()) {
      return prompt.text();
    }
    StringBuilder sb = new StringBuilder();
    for (ChatMessage m : prompt.messages()) {
      sb.append(sb.length() == 0 ? "" : "\n").append(m.role()).append(": ").append(m.content());
    }
    return sb.toString();
  }

}
