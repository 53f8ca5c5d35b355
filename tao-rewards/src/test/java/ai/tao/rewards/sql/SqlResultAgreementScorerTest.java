package ai.tao.rewards.sql;

import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.rewards.TestGroups;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SqlResultAgreementScorerTest extends ScorerContract {

  private static final H2Database DB = H2Database.fromScript(TestGroups.EMPLOYEES_SQL);
  private static final SqlExecutionScorer EXEC = SqlExecutionScorer.builder().database(DB).build();

  @AfterAll
  static void closeDatabase() {
    DB.close();
  }

  private static SqlResultAgreementScorer agreement() {
    return SqlResultAgreementScorer.builder().executor(EXEC).build();
  }

  @Override
  protected Scorer scorer() {
    return agreement();
  }

  @Override
  protected List<CandidateGroup> groups() {
    List<CandidateGroup> groups = new ArrayList<>(super.groups());
    groups.add(group("sql", "Who earns more than 7000?",
        "SELECT name FROM employees WHERE salary > 7000",
        "SELECT name FROM employees WHERE salary >= 7500 ORDER BY name DESC",
        "SELECT name FROM employees WHERE salary > 6000",
        "SELECT name FROM employees WHERE salary > 100000"));
    return groups;
  }

  @Test
  void theMostCommonInformativeResultWins() {
    List<Score> scores = agreement().score(group("p", "Who earns more than 7000?",
        "SELECT name FROM employees WHERE salary > 7000",                       // {Ada, Fay}
        "SELECT name FROM employees WHERE salary >= 7500 ORDER BY name DESC",   // {Fay, Ada}
        "SELECT name FROM employees WHERE salary > 6000",                       // 4 names
        "SELECT name FROM employees WHERE salary > 100000",                     // empty
        "SELECT name FROM employees WHERE salary > 200000",                     // empty
        "SELECT COUNT(*) FROM employees WHERE salary > 100000",                 // lone 0
        "SELECT NULL FROM employees WHERE id = 1",                              // all NULL
        "SELECT nope FROM employees"));                                         // error

    assertThat(values(scores)).containsExactly(1, 1, 0, 0, 0, 0, 0, 0);
    assertThat(scores.get(0).components()).containsEntry("votes", 2.0).containsEntry("agrees", 1.0);
    assertThat(scores.get(2).reason()).isEqualTo("result has 1 vote(s); the consensus has 2");
    assertThat(scores.get(3).reason()).isEqualTo("empty result does not vote");
    assertThat(scores.get(5).reason()).isEqualTo("lone zero result does not vote");
    assertThat(scores.get(6).reason()).isEqualTo("all-NULL result does not vote");
    assertThat(scores.get(7).reason()).startsWith("error: ");
    assertThat(scores.get(7).components()).containsEntry("executes", 0.0);
  }

  @Test
  void emptyResultsNeverFormAConsensus() {
    List<Score> scores = agreement().score(group("p", "q",
        "SELECT name FROM employees WHERE salary > 100000",
        "SELECT name FROM employees WHERE salary > 100000",
        "SELECT name FROM employees WHERE salary < 0",
        "SELECT name FROM employees WHERE salary > 6000"));

    assertThat(values(scores)).containsExactly(0, 0, 0, 0);
    assertThat(scores.get(3).reason()).isEqualTo("no result has minVotes 2 votes (most: 1)");
  }

  @Test
  void tiedResultsShareTheWinAndMinVotesApplies() {
    String[] tied = {
        "SELECT name FROM employees WHERE salary > 7000",
        "SELECT name FROM employees WHERE salary > 7200",
        "SELECT name FROM employees WHERE salary < 5000",
        "SELECT name FROM employees WHERE salary <= 4000",
        "SELECT name FROM employees WHERE salary = 5000"};

    assertThat(values(agreement().score(group("p", "q", tied)))).containsExactly(1, 1, 1, 1, 0);
    assertThat(values(agreement().toBuilder().minVotes(3).build().score(group("p", "q", tied))))
        .containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void builderNamesTheBadValue() {
    assertThatThrownBy(() -> SqlResultAgreementScorer.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("executor");
    assertThatThrownBy(() -> agreement().toBuilder().minVotes(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("got 0");
  }
}
