package ai.tao.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Judges a completion against a reference answer: for evaluation only, never for training. A
 * grader reads gold answers, which is why it has no place in a scorer.
 *
 * <p>{@link #answerKey} is what majority voting counts: two completions with equal keys give the
 * same answer.
 *
 * @since 0.2
 */
public interface Grader {

  /** A short name for reports, such as {@code exact-match}. */
  String name();

  /** Whether {@code completion} answers {@code prompt} as {@code reference} does. */
  boolean correct(Prompt prompt, String completion, String reference);

  /** The answer {@code completion} gives, normalised so that equal answers are equal; empty for no answer. */
  Optional<String> answerKey(Prompt prompt, String completion);

  /**
   * A grader from a correctness test and an answer key.
   *
   * @param name short name for reports
   * @param correct (completion, reference) → whether they agree
   * @param answerKey completion → its answer, empty for none
   */
  static Grader of(String name, BiPredicate<String, String> correct, Function<String, Optional<String>> answerKey) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(correct, "correct");
    Objects.requireNonNull(answerKey, "answerKey");
    return new Grader() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean correct(Prompt prompt, String completion, String reference) {
        return correct.test(completion, reference);
      }

      @Override
      public Optional<String> answerKey(Prompt prompt, String completion) {
        return answerKey.apply(completion);
      }
    };
  }
}
