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

  /** The gold answer, the number alone: what graders compare with. */
  public String answerText() {
    return Integer.toString(answer);
  }

  /**
   * The answer as the model is taught to write it: the figures used, read from the statement under
   * its own line names, then the result, on one line. The number asked for is always the last one.
   *
   * <pre>
   * FIGURE              cash 140
   * DIFFERENCE          revenue 412 - cost of goods sold 230 = 182
   * PERCENT_OF_REVENUE  net profit 61 / revenue 412 = 15%
   * </pre>
   *
   * <p>Why the work is written out: a byte-level model of 0.8M parameters learns to copy a figure
   * that follows the name it has just written (the pattern induction heads learn early) far sooner
   * than it learns to find and combine figures in one silent step; trained on the bare number it
   * stayed at 3% documentation pass@1 after 450 steps. Writing the figures also lets a label-free
   * check see where each number came from.
   */
  public String workedAnswer() {
    String a = first.docName() + " " + statement.value(first);
    return switch (kind) {
      case FIGURE -> a;
      case DIFFERENCE -> {
        LineItem b = second.orElseThrow();
        yield a + " - " + b.docName() + " " + statement.value(b) + " = " + answer;
      }
      case PERCENT_OF_REVENUE -> a + " / " + LineItem.REVENUE.docName() + " " + statement.value(LineItem.REVENUE)
          + " = " + answer + "%";
    };
  }
}
