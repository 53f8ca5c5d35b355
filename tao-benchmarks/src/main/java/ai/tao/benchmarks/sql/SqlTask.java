package ai.tao.benchmarks.sql;

import java.util.Objects;

/**
 * One question of the demo with its gold SQL.
 *
 * <p>The gold SQL trains the base model on documentation pairs and grades every model; it never
 * reaches TAO, which sees production questions only, as {@link SqlDataset#prodTrainPrompts()}.
 *
 * @param id unique within the dataset, such as {@code prodTrain-0042}; says nothing of the answer
 * @param question the question as asked, one line; names its slot values verbatim
 * @param goldSql the reference query, in the one style described on {@link SqlDataset}
 * @param intent the question kind, such as {@code salary_gt_dept}
 * @param phrasing {@value #DOC} for documentation phrasings, {@value #PROD} for production ones
 * @since 0.1
 */
public record SqlTask(String id, String question, String goldSql, String intent, String phrasing) {

  /** A phrasing from the documentation. */
  public static final String DOC = "doc";

  /** A phrasing as production users type it. */
  public static final String PROD = "prod";

  public SqlTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(goldSql, "goldSql");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(phrasing, "phrasing");
    if (!phrasing.equals(DOC) && !phrasing.equals(PROD)) {
      throw new IllegalArgumentException(
          "phrasing must be '" + DOC + "' or '" + PROD + "', got '" + phrasing + "'");
    }
    if (question.contains("\n")) {
      throw new IllegalArgumentException("question of task " + id + " spans lines: " + question);
    }
  }
}
