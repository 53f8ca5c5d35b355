package ai.tao.benchmarks.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.DataInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqlEvaluatorTest {

  private static final String SALES = "(SELECT id FROM dept WHERE name='sales')";
  private static final SqlTask NAMES = task("SELECT name FROM emp WHERE dept_id IN " + SALES);
  private static final SqlTask NAME_SALARY =
      task("SELECT name, salary FROM emp WHERE dept_id IN " + SALES + " AND age<40");
  private static final SqlTask AVG = task("SELECT AVG(age) FROM emp WHERE dept_id IN " + SALES);

  private static SqlEvaluator evaluator;

  private static SqlTask task(String gold) {
    return new SqlTask("t", "q", gold, "test", SqlTask.PROD);
  }

  @BeforeAll
  static void open() {
    evaluator = SqlEvaluator.open(SqlSchema.generate(0));
  }

  @AfterAll
  static void close() {
    evaluator.close();
  }

  @Test
  void goldMatchesItself() {
    for (SqlTask t : List.of(NAMES, NAME_SALARY, AVG)) {
      assertThat(evaluator.isCorrect(t.goldSql(), t)).isTrue();
    }
  }

  @Test
  void wrongQueryFails() {
    assertThat(evaluator.isCorrect(NAMES.goldSql().replace("sales", "hr"), NAMES)).isFalse();
    assertThat(evaluator.isCorrect("SELECT name FROM emp", NAMES)).isFalse();
    assertThat(evaluator.isCorrect("SELECT id, name FROM emp WHERE dept_id IN " + SALES, NAMES))
        .as("an extra column").isFalse();
    assertThat(evaluator.isCorrect("SELECT nme FROM emp", NAMES)).as("does not parse").isFalse();
  }

  @Test
  void rowOrderColumnOrderAndAliasesDoNotMatter() {
    String where = " FROM emp WHERE dept_id IN " + SALES + " AND age<40";
    assertThat(evaluator.isCorrect("SELECT salary AS pay, name" + where, NAME_SALARY)).isTrue();
    assertThat(evaluator.isCorrect("SELECT name, salary" + where + " ORDER BY salary DESC", NAME_SALARY)).isTrue();
    assertThat(evaluator.isCorrect(
        "SELECT e.name FROM emp e JOIN dept d ON e.dept_id=d.id WHERE d.name='sales' ORDER BY e.name", NAMES))
        .isTrue();
  }

  @Test
  void duplicateRowsDoMatter() {
    SqlTask cities = task("SELECT city FROM dept");
    assertThat(evaluator.isCorrect("SELECT DISTINCT city FROM dept", cities)).isFalse();
  }

  @Test
  void numbersCompareByValueRoundedToTwoDecimals() {
    assertThat(evaluator.isCorrect("SELECT ROUND(AVG(age), 2) FROM emp WHERE dept_id IN " + SALES, AVG)).isTrue();
    assertThat(evaluator.isCorrect("SELECT CAST(AVG(age) AS DOUBLE) FROM emp WHERE dept_id IN " + SALES, AVG)).isTrue();
    SqlTask max = task("SELECT MAX(salary) FROM emp");
    assertThat(evaluator.isCorrect("SELECT CAST(MAX(salary) AS DECIMAL(10,3)) FROM emp", max)).isTrue();
    assertThat(evaluator.isCorrect("SELECT MAX(salary) + 1 FROM emp", max)).isFalse();

    assertThat(SqlResult.cell(7000)).isEqualTo("7000");
    assertThat(SqlResult.cell(7000.0)).isEqualTo("7000");
    assertThat(SqlResult.cell(new BigDecimal("7000.00"))).isEqualTo("7000");
    assertThat(SqlResult.cell(6533.3333)).isEqualTo("6533.33");
    assertThat(SqlResult.cell(0.005)).isEqualTo("0.01");
    assertThat(SqlResult.cell(7000L)).isEqualTo(SqlResult.cell(7000.004f));
  }

  @Test
  void columnsHoldingTheSameValuesAreMatchedByRows() {
    SqlResult a = SqlResult.of(2, List.of(List.of("1", "2"), List.of("2", "1"), List.of("3", "3")));
    SqlResult swapped = SqlResult.of(2, List.of(List.of("2", "1"), List.of("3", "3"), List.of("1", "2")));
    SqlResult pairedDifferently = SqlResult.of(2, List.of(List.of("1", "1"), List.of("2", "2"), List.of("3", "3")));
    assertThat(a.sameAnswer(swapped)).isTrue();
    assertThat(a.sameAnswer(pairedDifferently)).isFalse();
  }

  @Test
  void onlySingleReadQueriesRun() {
    assertThat(evaluator.execute("DELETE FROM emp").error()).hasValueSatisfying(e -> assertThat(e).contains("DELETE"));
    assertThat(evaluator.execute("SELECT 1; DROP TABLE emp").error()).isPresent();
    assertThat(evaluator.execute("WITH x AS (SELECT 1) DELETE FROM emp").ok()).isFalse();
    assertThat(evaluator.execute("SELECT FILE_READ('/etc/passwd')").ok()).isFalse();
    assertThat(evaluator.execute("  ").ok()).isFalse();
    assertThat(evaluator.execute("SELECT COUNT(*) FROM emp;").rows()).containsExactly(List.of("200"));
  }

  @Test
  void runawayQueriesFailInsteadOfHanging() {
    try (SqlEvaluator small = SqlEvaluator.open(SqlSchema.generate(0), Duration.ofMillis(300), 50)) {
      long start = System.nanoTime();
      SqlResult endless =
          small.execute("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) SELECT COUNT(*) FROM t");
      assertThat(endless.ok()).isFalse();
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
      assertThat(small.execute("SELECT name FROM emp").error()).hasValue("more than 50 rows");
      assertThat(small.execute("SELECT name FROM dept").ok()).isTrue();
    }
  }

  @Test
  void passAtOneCountsCorrectPredictions() {
    String wrong = "SELECT name FROM emp";
    assertThat(evaluator.passAt1(List.of(NAMES.goldSql(), wrong), List.of(NAMES, AVG))).isEqualTo(0.5);
    assertThatThrownBy(() -> evaluator.passAt1(List.of(wrong), List.of(NAMES, AVG)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> evaluator.passAt1(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void majorityVotesOverExecutionResults() {
    String gold = NAMES.goldSql();
    String sameAnswer = "SELECT e.name FROM emp e JOIN dept d ON e.dept_id=d.id WHERE d.name='sales'";
    String wrong = "SELECT name FROM emp WHERE dept_id=2";
    String broken = "SELEC name";

    assertThat(majority(broken, broken, broken, gold)).as("errors do not vote").isTrue();
    assertThat(majority(wrong, gold, sameAnswer)).as("equal results pool their votes").isTrue();
    assertThat(majority(wrong, wrong, gold)).isFalse();
    assertThat(majority(gold, wrong)).as("a tie goes to the first").isTrue();
    assertThat(majority(wrong, gold)).as("a tie goes to the first").isFalse();
    assertThat(majority(broken)).isFalse();
    assertThat(evaluator.majorityAnswer(List.of(wrong, gold, gold)).orElseThrow().sameAnswer(evaluator.execute(gold)))
        .isTrue();
  }

  private static boolean majority(String... candidates) {
    return evaluator.majorityAtN(List.of(List.of(candidates)), List.of(NAMES)) == 1.0;
  }

  @Test
  void failingGoldIsAnError() {
    SqlTask bad = new SqlTask("bad-1", "q", "SELECT nothing FROM nowhere", "test", SqlTask.DOC);
    assertThatThrownBy(() -> evaluator.isCorrect("SELECT 1", bad))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("gold SQL of task bad-1 fails");
  }
}
