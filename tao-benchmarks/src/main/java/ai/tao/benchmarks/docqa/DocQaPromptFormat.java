package ai.tao.benchmarks.docqa;

import java.util.Objects;

/**
 * How a statement and a question are shown to the demo model and how its answer ends.
 *
 * <pre>
 * prompt:      "Norvex Inc. FY2021: revenue 412, cost of goods sold 230, ... cash 140.\nQ: What was revenue minus cost of goods sold?\nA: "
 * completion:  "revenue 412 - cost of goods sold 230 = 182\n"
 * </pre>
 *
 * <p>The answer is one line ending in the number asked for (see {@link DocQaTask#workedAnswer()}),
 * ended by a newline; generation stops there.
 *
 * @since 0.3
 */
public final class DocQaPromptFormat {

  /** Between the statement and the question. */
  public static final String QUESTION_PREFIX = "\nQ: ";

  /** Ends a prompt; the answer follows directly. */
  public static final String ANSWER_PREFIX = "\nA: ";

  /** Ends an answer. */
  public static final String ANSWER_END = "\n";

  private DocQaPromptFormat() {}

  /** {@code statement + "\nQ: " + question + "\nA: "}; both must be one line. */
  public static String render(String statement, String question) {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(question, "question");
    if (statement.contains("\n") || question.contains("\n")) {
      throw new IllegalArgumentException("statement and question must be one line each, got: " + statement + " / "
          + question);
    }
    return statement + QUESTION_PREFIX + question + ANSWER_PREFIX;
  }

  /** The completion the model should produce for {@code answer}: the answer and a newline. */
  public static String target(String answer) {
    return Objects.requireNonNull(answer, "answer") + ANSWER_END;
  }
}
