package ai.tao.benchmarks.docqa;

import java.util.Objects;
import java.util.Optional;

/**
 * One question about one statement, with its gold answer.
 *
 * <p>The answer trains the base model on documentation questions and grades every model; it never
 * reaches TAO, which sees production prompts only, through {@link DocQaDataset#prodTrainPrompts()}.
 *
 * @param id unique within the dataset, such as {@code prodTrain-0042}; says nothing of the answer
 * @param statement the document
 * @param question the question as asked, one line
 * @param answer the gold answer, an integer written in digits
 * @param kind what is asked
 * @param first the figure asked about (the minuend of a difference)
 * @param second the subtrahend of a difference; empty for the other kinds
 * @param phrasing {@value #DOC} for documentation phrasings, {@value #PROD} for production ones
 * @since 0.3
 */
public record DocQaTask(String id, Statement statement, String question, int answer, QuestionKind kind,
    LineItem first, Optional<LineItem> second, String phrasing) {

  /** A phrasing from the documentation. */
  public static final String DOC = "doc";

  /** A phrasing as production users type it. */
  public static final String PROD = "prod";

  public DocQaTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(phrasing, "phrasing");
    if (!phrasing.equals(DOC) && !phrasing.equals(PROD)) {
      throw new IllegalArgumentException("phrasing must be '" + DOC + "' or '" + PROD + "', got '" + phrasing + "'");
    }
    if (question.contains("\n")) {
      throw new IllegalArgumentException("question of task " + id + " spans lines: " + question);
    }
    if (second.isPresent() != (kind == QuestionKind.DIFFERENCE)) {
      throw new IllegalArgumentException("a " + kind + " question " + (second.isPresent() ? "has no" : "needs a")
          + " second line item: " + id);
    }
  }

  /** The prompt text: statement and question, as {@link DocQaPromptFormat#render} shows them. */
  public String prompt() {
    return DocQaPromptFormat.render(statement.text(), question);
  }

  /** The gold answer as the model writes it. */
  public String answerText() {
    return Integer.toString(answer);
  }
}
