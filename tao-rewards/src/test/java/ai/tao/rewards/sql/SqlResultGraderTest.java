package ai.tao.rewards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.rewards.TestGroups;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The grader runs SQL in the rewards' sandbox and compares results with the one notion of equality. */
class SqlResultGraderTest {
  private static final SqlResultGrader GRADER = SqlResultGrader.h2(TestGroups.EMPLOYEES_SQL);
  private static final Prompt P = Prompt.ofText("q", "question");
  private static final String SALES = " FROM employees WHERE dept_id = 2";

  @AfterAll
  static void close() {
    GRADER.close();
  }

  private static boolean correct(String completion, String gold) {
    return GRADER.correct(P, completion, gold);
  }

  @Test
  void rowOrderColumnOrderAndAliasesDoNotMatterDuplicatesAndValuesDo() {
    String gold = "SELECT name, salary" + SALES;
    assertThat(correct(gold, gold)).isTrue();
    assertThat(correct("SELECT salary AS pay, name" + SALES, gold)).isTrue();
    assertThat(correct("SELECT name, salary" + SALES + " ORDER BY salary DESC", gold)).isTrue();
    assertThat(correct("```sql\nSELECT name, salary" + SALES + "\n```", gold)).as("fenced").isTrue();
    assertThat(correct("SELECT name" + SALES, gold)).isFalse();
    assertThat(correct("SELECT name, salary FROM employees", gold)).isFalse();
    assertThat(correct("SELECT DISTINCT dept_id FROM employees", "SELECT dept_id FROM employees")).isFalse();
    assertThat(correct("SELECT nme" + SALES, gold)).as("does not parse").isFalse();
    assertThat(correct("DELETE FROM employees", gold)).as("refused").isFalse();
  }

  @Test
  void numbersCompareByValueOfAnyTypeToTenSignificantDigits() {
    String avg = "SELECT AVG(salary)" + SALES;
    assertThat(correct("SELECT CAST(AVG(salary) AS DOUBLE)" + SALES, avg)).isTrue();
    assertThat(correct("SELECT SUM(salary) / 2.0" + SALES, avg)).isTrue();
    assertThat(correct("SELECT CAST(MAX(salary) AS DECIMAL(10,3)) FROM employees", "SELECT MAX(salary) FROM employees"))
        .isTrue();
    assertThat(correct("SELECT MAX(salary) + 1 FROM employees", "SELECT MAX(salary) FROM employees")).isFalse();
  }

  @Test
  void answerKeysPoolEqualResultsAndFailedQueriesGiveNone() {
    assertThat(GRADER.answerKey(P, "SELECT name, salary" + SALES))
        .isEqualTo(GRADER.answerKey(P, "SELECT salary, name" + SALES + " ORDER BY name"));
    assertThat(GRADER.answerKey(P, "SELECT nope")).isEmpty();
    assertThat(GRADER.answerKey(P, "no sql here at all; just prose")).isEmpty();
  }

  @Test
  void aFailingReferenceIsAnError() {
    assertThatThrownBy(() -> correct("SELECT 1", "SELECT nothing FROM nowhere"))
        .isInstanceOf(DataInputException.class).hasMessageContaining("reference SQL of prompt 'q'");
  }

  @Test
  void aReferenceTooLongToReadIsAnErrorNotAWrongAnswer() {
    H2Database db = H2Database.fromScript(TestGroups.EMPLOYEES_SQL);
    try (db; SqlResultGrader small = SqlResultGrader.on(new SqlSandbox(db, java.time.Duration.ofSeconds(5), 2))) {
      assertThatThrownBy(() -> small.correct(P, "SELECT name FROM employees", "SELECT name FROM employees"))
          .isInstanceOf(DataInputException.class).hasMessageContaining("more than 2 rows");
      assertThat(small.correct(P, "SELECT name FROM employees WHERE id = 1",
          "SELECT name FROM employees WHERE id = 1")).isTrue();
    }
  }
}
