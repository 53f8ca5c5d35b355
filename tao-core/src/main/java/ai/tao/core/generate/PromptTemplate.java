package ai.tao.core.generate;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Rewrites a prompt before sampling: test-time compute through prompting (chain of thought, a
 * required output structure). The identity by default.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PromptTemplate extends UnaryOperator<Prompt> {

  /** Leaves prompts as they are. */
  static PromptTemplate identity() {
    return p -> p;
  }

  /** Wraps plain text in {@code format}, where {@code {prompt}} stands for the text. */
  static PromptTemplate format(String format) {
    Objects.requireNonNull(format, "format");
    if (!format.contains("{prompt}")) {
      throw new IllegalArgumentException("template '" + format + "' has no {prompt} placeholder");
    }
    return p -> p.isChat() ? p : new Prompt(p.id(), format.replace("{prompt}", p.text()), p.messages(), p.metadata());
  }

  /** Adds an instruction to reason step by step before answering (appended to text or to the last user turn). */
  static PromptTemplate chainOfThought() {
    return instruction("Think step by step, then give the final answer on the last line.");
  }

  /** Adds an instruction to answer in a fixed structure, e.g. "Answer with JSON {\"answer\": ...}". */
  static PromptTemplate structured(String instruction) {
    return instruction(instruction);
  }

  private static PromptTemplate instruction(String instruction) {
    return p -> {
      if (!p.isChat()) {
        return new Prompt(p.id(), p.text() + "\n" + instruction, p.messages(), p.metadata());
      }
      List<ChatMessage> msgs = new ArrayList<>(p.messages());
      ChatMessage last = msgs.get(msgs.size() - 1);
      msgs.set(msgs.size() - 1, new ChatMessage(last.role(), last.content() + "\n" + instruction));
      return new Prompt(p.id(), null, msgs, p.metadata());
    };
  }
}
