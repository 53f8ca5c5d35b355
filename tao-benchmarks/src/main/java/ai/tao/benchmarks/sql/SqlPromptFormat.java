package ai.tao.benchmarks.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * How a question is shown to the demo model and how its answer ends.
 *
 * <pre>
 * prompt:      "Q: who works in sales?\nSQL: "
 * completion:  "SELECT name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name='sales')\n"
 * </pre>
 *
 * <p>The model continues the prompt with one line of SQL and a newline; generation stops at the
 * newline (or end of sequence). No schema is in the prompt: the tiny model learns the schema from its
 * training pairs, which keeps prompts short enough for a byte-level model trained in minutes.
 *
 * @since 0.1
 */
public final class SqlPromptFormat {

  /** Starts a prompt. */
  public static final String QUESTION_PREFIX = "Q: ";

  /** Ends a prompt; the answer follows directly. */
  public static final String ANSWER_PREFIX = "\nSQL: ";

  /** Ends an answer. */
  public static final String ANSWER_END = "\n";

  private SqlPromptFormat() {}

  /** The prompt for {@code question}: {@code "Q: " + question + "\nSQL: "}. */
  public static String render(String question) {
    Objects.requireNonNull(question, "question");
    if (question.contains("\n")) {
      throw new IllegalArgumentException("a question must be one line, got: " + question);
    }
    return QUESTION_PREFIX + question + ANSWER_PREFIX;
  }

  /** The completion the model should produce for {@code sql}: the SQL and a newline. */
  public static String target(String sql) {
    return Objects.requireNonNull(sql, "sql") + ANSWER_END;
  }

  /** Prompt and completion together, a line of training text for the base model. */
  public static String trainingText(SqlTask task) {
    return render(task.question()) + target(task.goldSql());
  }

  /** The question of a prompt made by {@link #render}, or empty if the prompt is not one. */
  public static Optional<String> question(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    if (!prompt.startsWith(QUESTION_PREFIX) || !prompt.endsWith(ANSWER_PREFIX)) {
      return Optional.empty();
    }
    String q = prompt.substring(QUESTION_PREFIX.length(), prompt.length() - ANSWER_PREFIX.length());
    return q.contains("\n") ? Optional.empty() : Optional.of(q);
  }

  /** The SQL of a completion: everything before the first newline, stripped. */
  public static String extractSql(String completion) {
    Objects.requireNonNull(completion, "completion");
    int end = completion.indexOf('\n');
    return (end < 0 ? completion : completion.substring(0, end)).strip();
  }
}
