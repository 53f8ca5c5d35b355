package ai.tao.rewards.sql;

import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ChatMessage;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.rewards.TestGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SqlGroundingScorerTest extends ScorerContract {

  private static final H2Database DB = H2Database.fromScript(TestGroups.EMPLOYEES_SQL);

  @AfterAll
  static void closeDatabase() {
    DB.close();
  }

  /** Known values collected from the database: departments, cities and the six names. */
  private static SqlGroundingScorer grounding() {
    return SqlGroundingScorer.builder().database(DB).collectKnownValues(10).build();
  }

  @Override
  protected Scorer scorer() {
    return grounding();
  }

  @Override
  protected List<CandidateGroup> groups() {
    List<CandidateGroup> groups = new ArrayList<>(super.groups());
    groups.add(group("sql", "Who in Engineering earns more than 7,000?",
        "SELECT name FROM employees WHERE salary > 7000",
        "SELECT e.name FROM employees e JOIN departments d ON e.dept_id = d.id"
            + " WHERE e.salary > 7000 AND d.name = 'Engineering'",
        "SELECT name FROM staff"));
    return groups;
  }

  @Test
  void eachCheckCountsAThird() {
    List<Score> scores = grounding().score(group("p",
        "List the employees in Engineering who earn more than 7,000.",
        "SELECT e.name FROM employees e JOIN departments d ON e.dept_id = d.id"
            + " WHERE e.salary > 7000 AND d.name = 'Engineering'",
        "SELECT name FROM employees WHERE salary > 700",
        "SELECT name FROM staff WHERE salary > 7000 AND dept = 'Engineering'",
        "SELECT name FROM employees",
        "DROP TABLE employees"));

    assertThat(values(scores)).containsExactly(new double[] {1, 1 / 3.0, 2 / 3.0, 2 / 3.0, 0},
        within(1e-12));
    assertThat(scores.get(0).components()).isEqualTo(
        Map.of("literalsInQuestion", 1.0, "questionValuesUsed", 1.0, "schemaOnly", 1.0));
    assertThat(scores.get(0).reason()).isEmpty();
    assertThat(scores.get(1).reason()).isEqualTo("literal 700 not in question;"
        + " question value 7000 not used; question value 'Engineering' not used");
    assertThat(scores.get(2).reason())
        .isEqualTo("unknown identifier staff; unknown identifier dept");
    assertThat(scores.get(2).components()).containsEntry("schemaOnly", 0.0);
    assertThat(scores.get(3).components()).containsEntry("literalsInQuestion", 1.0)
        .containsEntry("questionValuesUsed", 0.0);
    assertThat(scores.get(4).reason()).startsWith(SqlGuard.REJECTED);
  }

  @Test
  void allOrNothingNeedsEveryCheck() {
    SqlGroundingScorer strict =
        SqlGroundingScorer.builder().database(DB).allOrNothing(true).build();
    assertThat(values(strict.score(group("p", "Who earns more than 7000?",
        "SELECT name FROM employees WHERE salary > 7000",
        "SELECT name FROM employes WHERE salary > 7000"))))
        .containsExactly(1, 0);
  }

  @Test
  void numbersMatchNumericallyAndNumberWordsCount() {
    SqlGroundingScorer g = grounding();
    assertThat(values(g.score(group("p", "Which employees earn at least 7,500.00?",
        "SELECT name FROM employees WHERE salary >= 7500")))).containsExactly(1);
    assertThat(values(g.score(group("p", "Name the three best-paid employees.",
        "SELECT name FROM employees ORDER BY salary DESC LIMIT 3",
        "SELECT name FROM employees ORDER BY salary DESC LIMIT 5"))))
        .containsExactly(new double[] {1, 1 / 3.0}, within(1e-12)); // 5 not asked, 3 not used
    assertThat(values(g.score(group("p", "Who was hired on 2020-06-15?",
        "SELECT name FROM employees WHERE hired = DATE '2020-06-15'",
        "SELECT name FROM employees WHERE hired = '2020-06-16'"))))
        .containsExactly(new double[] {1, 1 / 3.0}, within(1e-12));
    // 0 and 1 are structural; a year inside a date literal uses the question's 2020.
    assertThat(values(g.score(group("p", "Who was hired after 2020 and earns the most?",
        "SELECT name FROM employees WHERE hired > '2020-12-31' ORDER BY salary DESC LIMIT 1"))))
        .containsExactly(new double[] {2 / 3.0}, within(1e-12));
  }

  @Test
  void quotedPhrasesAndKnownValuesMustBeUsed() {
    SqlGroundingScorer g = SqlGroundingScorer.builder().database(DB)
        .knownValues(Set.of("HR", "Sales")).build();

    List<Score> scores = g.score(group("p", "How many people work in sales, and who is \"Bob\"?",
        "SELECT COUNT(*) FROM employees e JOIN departments d ON e.dept_id = d.id"
            + " WHERE d.name = 'Sales' OR e.name = 'Bob'",
        "SELECT COUNT(*) FROM employees WHERE name = 'Bob'"));
    assertThat(values(scores)).containsExactly(new double[] {1, 2 / 3.0}, within(1e-12));
    assertThat(scores.get(1).reason()).isEqualTo("question value 'sales' not used");

    // Two-letter known values match only in their own case: "it" and "hr" are just words.
    assertThat(g.questionValues("is it true that hr is small?").phrases()).isEmpty();
    assertThat(g.questionValues("Who is in HR?").phrases()).containsExactly("HR");
  }

  @Test
  void aliasesCtesAndFunctionsAreNotUnknownIdentifiers() {
    SqlGroundingScorer g = SqlGroundingScorer.builder().database(DB).build();
    List<Score> scores = g.score(group("p", "Who earns more than 7000?",
        "WITH high(who, pay) AS (SELECT name, salary FROM employees WHERE salary > 7000)"
            + " SELECT UPPER(who) AS loud, pay p FROM high ORDER BY loud",
        "SELECT x.name FROM (SELECT name, salary FROM employees) x WHERE x.salary > 7000",
        "SELECT name, CASE WHEN salary > 7000 THEN 1 ELSE 0 END flag FROM employees"
            + " WHERE salary > 7000",
        "SELECT \"NAME\" FROM PUBLIC.EMPLOYEES WHERE salary > 7000",
        "SELECT name FROM employees WHERE bonus > 7000"));

    assertThat(values(scores)).containsExactly(new double[] {1, 1, 1, 1, 2 / 3.0}, within(1e-12));
    assertThat(scores.get(4).reason()).isEqualTo("unknown identifier bonus");
  }

  @Test
  void questionPatternCutsTheQuestionOutOfATemplate() {
    String prompt = "Schema: 2 tables, answer with 1 query.\nQuestion: Who earns more than 5000?";
    String sql = "SELECT name FROM employees WHERE salary > 5000";
    SqlGroundingScorer plain = SqlGroundingScorer.builder().database(DB).build();
    SqlGroundingScorer cut = SqlGroundingScorer.builder().database(DB)
        .questionPattern(Pattern.compile("Question:\\s*(.*)")).build();

    assertThat(values(plain.score(group("p", prompt, sql))))
        .containsExactly(new double[] {2 / 3.0}, within(1e-12)); // the 2 of the template
    assertThat(values(cut.score(group("p", prompt, sql)))).containsExactly(1);
    Score notApplicable = cut.score(group("p", "no marker here", sql)).get(0);
    assertThat(notApplicable.applicable()).isFalse();
    assertThat(notApplicable.reason()).contains("does not match");
  }

  @Test
  void chatPromptsUseTheUserMessages() {
    CandidateGroup chat = new CandidateGroup(Prompt.ofMessages("c", List.of(
        ChatMessage.system("You write SQL for 3 tables."),
        ChatMessage.user("Who earns more than 7000?"))),
        List.of(TestGroups.completion("SELECT name FROM employees WHERE salary > 7000")));
    assertThat(values(grounding().score(chat))).containsExactly(1);
  }

  @Test
  void collectedKnownValuesComeFromShortTextColumns() {
    assertThat(grounding().knownValues()).contains("Engineering", "Sales", "HR", "Berlin", "Ada");
    assertThat(SqlGroundingScorer.builder().database(DB).collectKnownValues(3).build()
        .knownValues()).containsExactlyInAnyOrder("Engineering", "Sales", "HR", "Berlin", "Paris");
  }

  @Test
  void toBuilderKeepsSettings() {
    SqlGroundingScorer g = SqlGroundingScorer.builder().database(DB).knownValues(List.of("HR"))
        .collectKnownValues(3).allOrNothing(true).questionPattern(Pattern.compile("Q:(.*)"))
        .exemptNumbers(List.of("0", "1", "100")).build();
    SqlGroundingScorer copy = g.toBuilder().build();
    assertThat(copy.toString()).isEqualTo(g.toString());
    assertThat(copy.knownValues()).isEqualTo(g.knownValues());
  }

  @Test
  void builderNamesTheBadValue() {
    assertThatThrownBy(() -> SqlGroundingScorer.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("database");
    assertThatThrownBy(() -> SqlGroundingScorer.builder().database(DB).collectKnownValues(-1)
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> SqlGroundingScorer.builder().exemptNumbers(List.of("one")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'one'");
  }
}
