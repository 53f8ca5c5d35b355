package ai.tao.rewards.sql;

import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Score;
import ai.tao.rewards.TestGroups;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The optional fourth grounding check: aggregate words and named columns. */
class SqlCueTest {
  private static final H2Database DB = H2Database.fromScript(TestGroups.EMPLOYEES_SQL);

  @AfterAll
  static void closeDatabase() {
    DB.close();
  }

  private static SqlGroundingScorer.Builder builder() {
    return SqlGroundingScorer.builder().database(DB).collectKnownValues(10).allOrNothing(true);
  }

  private static final String FILTER = " FROM employees e JOIN departments d ON e.dept_id = d.id"
      + " WHERE d.name = 'Sales'";

  @Test
  void aggregateWordsDemandTheirFunctionAndTheFunctionNeedsItsWord() {
    SqlGroundingScorer g = builder().cues(SqlCue.englishAggregates()).build();
    List<Score> avg = g.score(group("p", "What is the average salary in Sales?",
        "SELECT AVG(e.salary)" + FILTER, "SELECT e.name" + FILTER, "SELECT MAX(e.salary)" + FILTER));
    assertThat(values(avg)).containsExactly(1, 0, 0);
    assertThat(avg.get(1).reason()).contains("question asks for avg");
    assertThat(avg.get(2).reason()).contains("SQL computes max, the question does not ask for it");
    assertThat(avg.get(0).components()).containsEntry("cuesHonoured", 1.0);

    List<Score> list = g.score(group("p", "Who works in Sales?", "SELECT e.name" + FILTER,
        "SELECT COUNT(*)" + FILTER));
    assertThat(values(list)).containsExactly(1, 0);

    assertThat(values(g.score(group("p", "Top salary in Sales?",
        "SELECT e.salary" + FILTER + " ORDER BY e.salary DESC LIMIT 1")))).containsExactly(1);
    assertThat(values(g.score(group("p", "How many people in Sales?", "SELECT COUNT(*)" + FILTER))))
        .containsExactly(1);
  }

  @Test
  void aggregatesOutsideTheProjectionPluralsAndOtherExtremesAreAllowed() {
    SqlGroundingScorer g = builder().cues(SqlCue.englishAggregates()).build();
    String depts = "SELECT d.name FROM departments d JOIN employees e ON e.dept_id = d.id GROUP BY d.name";
    assertThat(values(g.score(group("p", "Departments with more than 2 employees?",
        depts + " HAVING COUNT(*) > 2")))).containsExactly(1);
    assertThat(values(g.score(group("p", "Who is the longest-serving employee in Sales?",
        "SELECT MIN(e.hired)" + FILTER)))).containsExactly(1);
    assertThat(values(g.score(group("p", "What is the total number of employees in Sales?",
        "SELECT COUNT(*)" + FILTER)))).containsExactly(1);
    assertThat(values(g.score(group("p", "Salary averages in Sales?", "SELECT AVG(e.salary)" + FILTER))))
        .containsExactly(1);
    // "lowest" is not answered by a descending order; "order #42" asks for no count
    assertThat(values(g.score(group("p", "Lowest salary in Sales?",
        "SELECT e.salary" + FILTER + " ORDER BY e.salary DESC LIMIT 1")))).containsExactly(0);
    assertThat(SqlCue.englishAggregates()).allSatisfy(c ->
        assertThat(c.violation("Who in Sales handled order #42?", "SELECT e.name" + FILTER)).isEmpty());
    // "#" is no general English count word; an application that writes it so teaches it (SqlCueMiner)
    assertThat(SqlCue.englishAggregates().get(1).violation("# of people in Sales", "SELECT e.name" + FILTER))
        .isEmpty();
    SqlCue learned = SqlCue.aggregates(java.util.Map.of(SqlCue.Aggregate.COUNT, List.of("#"))).get(1);
    assertThat(learned.violation("# of people in Sales", "SELECT e.name" + FILTER)).isPresent();
    assertThat(learned.violation("Who in Sales handled order #42?", "SELECT e.name" + FILTER)).isEmpty();
  }

  @Test
  void namedColumnsMustBeUsed() {
    SqlGroundingScorer g = builder().columnCues(true).build();
    List<Score> s = g.score(group("p", "Which city is Sales in?",
        "SELECT city FROM departments WHERE name = 'Sales'", "SELECT name FROM departments WHERE name = 'Sales'"));
    assertThat(values(s)).containsExactly(1, 0);
    assertThat(s.get(1).reason()).contains("question names column city");
    // plurals count; key columns (id, *_id) never do
    assertThat(values(g.score(group("p", "Salaries in Sales by id?", "SELECT e.name" + FILTER)))).containsExactly(0);
  }

  @Test
  void withoutCuesTheScoreHasThreeChecks() {
    List<Score> s = builder().allOrNothing(false).build().score(group("p", "average salary in Sales?",
        "SELECT e.name" + FILTER));
    assertThat(values(s)).containsExactly(1);
    assertThat(s.get(0).components()).doesNotContainKey("cuesHonoured");
  }
}
