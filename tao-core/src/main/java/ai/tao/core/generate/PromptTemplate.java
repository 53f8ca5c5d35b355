package ai.tao.core.generate;

import ai.tao.api.ChatMessage;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Rewrites a prompt before sampling: test-time compute through prompting (chain of thought, a
 * required output structure). The identity by default.
 *
 * <p>The rollout records the tokens of the rewritten prompt, and GRPO trains on exactly those, so a
 * template changes what the policy learns to answer: "the question plus the instruction". To
 * distill the templated behaviour into answers to the bare question instead, see {@link
 * ai.tao.core.train.GrpoConfig.Builder#trainOn}.
 *
 * @since 0.1
 */
public interface PromptTemplate extends UnaryOperator<Prompt> {

  /** What the template does, for the run log. */
  String describe();

  /** A template from a function and its description. */
  static PromptTemplate of(String description, UnaryOperator<Prompt> rewrite) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(rewrite, "rewrite");
    return new PromptTemplate() {
      @Override
      public Prompt apply(Prompt p) {
        return rewrite.apply(p);
      }

      @Override
      public String describe() {
        return description;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** Leaves prompts as they are. */
  static PromptTemplate identity() {
    return of("identity", p -> p);
  }

  /**
   * Wraps plain text in {@code format}, where {@code {prompt}} stands for the text; chat prompts
   * pass unchanged.
   *
   * @throws ConfigurationException if {@code format} has no {@code {prompt}} placeholder
   */
  static PromptTemplate format(String format) {
    Objects.requireNonNull(format, "format");
    if (!format.contains("{prompt}")) {
      throw new ConfigurationException("template '" + format + "' has no {prompt} placeholder");
    }
    return of("format(" + format + ")",
        p -> p.isChat() ? p : new Prompt(p.id(), format.replace("{prompt}", p.text()), p.messages(), p.metadata()));
  }

  /** Adds an instruction to reason step by step before answering (appended to text or to the last user turn). */
  static PromptTemplate chainOfThought() {
    return instruction("chainOfThought", "Think step by step, then give the final answer on the last line.");
  }

  /** Adds an instruction to answer in a fixed structure, e.g. "Answer with JSON {\"answer\": ...}". */
  static PromptTemplate structured(String instruction) {
    return instruction("structured", instruction);
  }

  private static PromptTemplate instruction(String kind, String instruction) {
    Objects.requireNonNull(instruction, "instruction");
    return of(kind + "(" + instruction + ")", p -> {
      if (!p.isChat()) {
        return new Prompt(p.id(), p.text() + "\n" + instruction, p.messages(), p.metadata());
      }
      List<ChatMessage> msgs = new ArrayList<>(p.messages());
      ChatMessage last = msgs.get(msgs.size() - 1);
      msgs.set(msgs.size() - 1, new ChatMessage(last.role(), last.content() + "\n" + instruction));
      return new Prompt(p.id(), null, msgs, p.metadata());
    });
  }
}
