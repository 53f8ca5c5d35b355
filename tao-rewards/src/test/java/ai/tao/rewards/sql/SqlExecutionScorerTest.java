package ai.tao.rewards.sql;

import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.rewards.TestGroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SqlExecutionScorerTest extends ScorerContract {

  private static final H2Database DB = H2Database.fromScript(TestGroups.EMPLOYEES_SQL);

  @AfterAll
  static void closeDatabase() {
    DB.close();
  }

  private static SqlExecutionScorer exec() {
    return SqlExecutionScorer.builder().database(DB).build();
  }

  @Override
  protected Scorer scorer() {
    return exec();
  }

  @Override
  protected List<CandidateGroup> groups() {
    List<CandidateGroup> groups = new ArrayList<>(super.groups());
    groups.add(TestGroups.group("sql", "Who earns more than 7000?",
        "SELECT name FROM employees WHERE salary > 7000", "SELECT nope FROM employees",
        "DROP TABLE employees", "SELECT name FROM employees WHERE salary > 100000"));
    return groups;
  }

  @Test
  void executingQueriesScoreOneAndFailuresZeroWithTheReason() {
    List<Score> scores = exec().score(TestGroups.group("p", "q",
        "SELECT name FROM employees WHERE salary > 7000",
        "```sql\nSELECT 1;\n```",
        "SELECT name FROM employees WHERE salary > 100000",
        "SELECT nope FROM employees",
        "SELEC name FROM employees",
        "DROP TABLE employees",
        "I do not know."));

    assertThat(values(scores)).containsExactly(1, 1, 1, 0, 0, 0, 0);
    assertThat(scores.get(0).components()).isEqualTo(Map.of("executes", 1.0, "rows", 2.0));
    assertThat(scores.get(2).reason()).isEqualTo("no rows");
    assertThat(scores.get(3).reason()).startsWith("error: ").contains("NOPE");
    assertThat(scores.get(4).reason()).startsWith(SqlGuard.REJECTED);
    assertThat(scores.get(5).reason()).startsWith(SqlGuard.REJECTED);
    assertThat(scores.get(6).reason()).startsWith(SqlGuard.REJECTED);
    assertThat(scores.get(3).components()).isEqualTo(Map.of("executes", 0.0));
  }

  @Test
  void aResultWithNoColumnsIsAnErrorNotACrash() {
    // H2 accepts "SELECT FROM t", which yields rows of zero columns; a sampled candidate wrote it.
    List<Score> scores = exec().score(TestGroups.group("p", "q", "SELECT FROM employees", "SELECT 1"));
    assertThat(values(scores)).containsExactly(0, 1);
    assertThat(scores.get(0).reason()).contains("no columns");
  }

  @Test
  void emptyResultsCanScoreLess() {
    SqlExecutionScorer half = exec().toBuilder().emptyResultScore(0.5).build();
    assertThat(values(half.score(TestGroups.group("p", "q",
        "SELECT name FROM employees WHERE salary > 100000", "SELECT name FROM employees"))))
        .containsExactly(0.5, 1.0);
  }

  @Test
  void executeReturnsNormalisedRows() {
    ResultSetSnapshot a = exec().execute(
        "SELECT name, salary FROM employees WHERE salary >= 7500 ORDER BY name").orElseThrow();
    ResultSetSnapshot b = exec().execute(
        "SELECT name AS who, CAST(salary AS DOUBLE) FROM employees WHERE salary > 7000"
            + " ORDER BY salary").orElseThrow();

    assertThat(a.rows()).containsExactly(List.of("Ada", "9000"), List.of("Fay", "7500"));
    assertThat(a.sameResult(b)).isTrue();
    assertThat(exec().execute("SELECT AVG(salary) FROM employees").orElseThrow().rows())
        .containsExactly(List.of("6500"));
    assertThat(exec().execute("SELECT 7000.0, NULL, TRUE").orElseThrow().rows())
        .containsExactly(List.of("7000", "NULL", "TRUE"));
    assertThat(exec().execute("SELECT nope")).isEmpty();
    assertThat(exec().execute("DELETE FROM employees")).isEmpty();
  }

  @Test
  void runSaysHowFarItGot() {
    assertThat(exec().runCompletion("   ").status()).isEqualTo(SqlRun.Status.NO_SQL);
    assertThat(exec().run("DROP TABLE x").status()).isEqualTo(SqlRun.Status.REJECTED);
    assertThat(exec().run("SELECT x FROM y").status()).isEqualTo(SqlRun.Status.ERROR);
    SqlRun ok = exec().run("SELECT 1;");
    assertThat(ok.status()).isEqualTo(SqlRun.Status.EXECUTED);
    assertThat(ok.reason()).isEmpty();
    assertThat(ok.result()).isPresent();
  }

  @Test
  void builderNamesTheBadValue() {
    assertThatThrownBy(() -> SqlExecutionScorer.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("database");
    assertThatThrownBy(() -> exec().toBuilder().timeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> exec().toBuilder().maxRows(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxRows")
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> exec().toBuilder().emptyResultScore(1.5).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> SqlExecutionScorer.builder().h2Script("CREATE TABLE").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("script");
  }
}
