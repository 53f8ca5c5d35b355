package ai.tao.rewards.sql;

import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.rewards.TestGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SqlConsensusScorerTest extends ScorerContract {

  private static final H2Database DB = H2Database.fromScript(TestGroups.EMPLOYEES_SQL);
  private static final SqlExecutionScorer EXEC = SqlExecutionScorer.builder().database(DB).build();
  private static final SqlGroundingScorer GROUNDING = SqlGroundingScorer.builder().database(DB).build();

  private static final String[] EARN_MORE_THAN_7000 = {
      "SELECT name FROM employees WHERE salary > 7000",                   // grounded {Ada, Fay}
      "SELECT name FROM employees WHERE 7000 < salary",                   // grounded {Ada, Fay}
      "SELECT name FROM employees WHERE salary > 6000",                   // ungrounded, 4 names
      "SELECT name FROM employees WHERE salary > 6000",                   // ungrounded, 4 names
      "SELECT name FROM employees",                                       // ungrounded: 7000 unused
      "SELECT name FROM employees WHERE salary > 7000 AND salary < 7000", // grounded, empty
      "SELECT name, salary FROM employees WHERE salary > 7000",           // grounded, other result
      "SELECT name FROM employes WHERE salary > 7000"};                   // unknown table

  @AfterAll
  static void closeDatabase() {
    DB.close();
  }

  private static SqlConsensusScorer.Builder consensus() {
    return SqlConsensusScorer.builder().executor(EXEC).grounding(GROUNDING);
  }

  @Override
  protected Scorer scorer() {
    return consensus().build();
  }

  @Override
  protected List<CandidateGroup> groups() {
    List<CandidateGroup> groups = new ArrayList<>(super.groups());
    groups.add(group("sql", "Who earns more than 7000?", EARN_MORE_THAN_7000));
    return groups;
  }

  @Test
  void onlyGroundedExecutingCandidatesVoteAndOnlyAgreementEarns() {
    List<Score> scores =
        consensus().build().score(group("p", "Who earns more than 7000?", EARN_MORE_THAN_7000));

    // Ungrounded 6000-queries have as many votes as the grounded pair, but do not vote.
    assertThat(values(scores)).containsExactly(1, 1, 0, 0, 0, 0, 0, 0);
    assertThat(scores.get(0).components()).isEqualTo(Map.of(
        "grounded", 1.0, "executes", 1.0, "agrees", 1.0, "insensitivePenalty", 0.0));
    assertThat(scores.get(2).components()).isEqualTo(Map.of(
        "grounded", 0.0, "executes", 1.0, "agrees", 0.0, "insensitivePenalty", 0.0));
    assertThat(scores.get(2).reason()).isEqualTo("ungrounded: literal 6000 not in question;"
        + " question value 7000 not used");
    assertThat(scores.get(5).reason()).isEqualTo("empty result does not vote");
    assertThat(scores.get(6).reason()).isEqualTo("result has 1 vote(s); the grounded consensus has 2");
    assertThat(scores.get(7).components()).containsEntry("grounded", 0.0)
        .containsEntry("executes", 0.0);
    assertThat(scores.get(7).reason()).contains("unknown identifier employes").contains("error: ");
  }

  @Test
  void partialCreditGoesToGroundedInformativeCandidatesOutsideTheConsensus() {
    List<Score> scores = consensus().partialCredit(0.2).build()
        .score(group("p", "Who earns more than 7000?", EARN_MORE_THAN_7000));

    assertThat(values(scores)).containsExactly(1, 1, 0, 0, 0, 0, 0.2, 0);
  }

  @Test
  void withoutAGroundedConsensusNobodyEarns() {
    List<Score> scores = consensus().build().score(group("p", "Who earns more than 7000?",
        "SELECT name FROM employees WHERE salary > 7000",
        "SELECT name FROM employees WHERE salary > 6000",
        "SELECT name FROM employees WHERE salary > 6000"));

    assertThat(values(scores)).containsExactly(0, 0, 0);
    assertThat(scores.get(0).reason()).isEqualTo("no grounded result has minVotes 2 votes (most: 1)");
  }

  /** {@code OR 1 = 1} uses the question's literal but ignores it: the result never changes. */
  private static CandidateGroup ignoresItsLiteral(String id, int salary) {
    String sql = "SELECT name FROM employees WHERE salary > " + salary + " OR 1 = 1";
    return group(id, "Who earns more than " + salary + "?", sql, sql, "SELECT 1 AS x FROM employees");
  }

  @Test
  void aResultThatWinsForManyDifferentQuestionsIsPenalised() {
    SqlConsensusScorer scorer = consensus().insensitiveAfter(2).build();

    List<Score> first = scorer.score(ignoresItsLiteral("q1", 7000));
    List<Score> second = scorer.score(ignoresItsLiteral("q2", 5000));
    List<Score> third = scorer.score(ignoresItsLiteral("q3", 9000));

    assertThat(values(first)).containsExactly(1, 1, 0);
    assertThat(values(second)).containsExactly(1, 1, 0);
    assertThat(values(third)).containsExactly(0, 0, 0);
    assertThat(third.get(0).components()).containsEntry("agrees", 1.0)
        .containsEntry("insensitivePenalty", 1.0);
    assertThat(third.get(0).reason()).isEqualTo("question-insensitive: this result was also the"
        + " consensus for 2 other question(s) naming different values");
  }

  @Test
  void penaltyIsBoundedByPartialCreditAndCanBePartial() {
    SqlConsensusScorer partial = consensus().insensitiveAfter(1).insensitivePenalty(0.5).build();
    partial.score(ignoresItsLiteral("q1", 7000));
    assertThat(values(partial.score(ignoresItsLiteral("q2", 5000)))).containsExactly(0.5, 0.5, 0);

    SqlConsensusScorer floored = consensus().insensitiveAfter(1).partialCredit(0.2).build();
    floored.score(ignoresItsLiteral("q1", 7000));
    List<Score> scores = floored.score(ignoresItsLiteral("q2", 5000));
    assertThat(values(scores)).containsExactly(0.2, 0.2, 0);
    assertThat(scores.get(0).components().get("insensitivePenalty")).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void paraphrasesAndRescoringTheSamePromptAreNotEvidence() {
    SqlConsensusScorer scorer = consensus().insensitiveAfter(1).build();

    // Same literal under other ids: same signature. The same id again: not another question.
    scorer.score(ignoresItsLiteral("q1", 7000));
    assertThat(values(scorer.score(ignoresItsLiteral("q1-paraphrase", 7000))))
        .containsExactly(1, 1, 0);
    assertThat(values(scorer.score(ignoresItsLiteral("q1", 7000)))).containsExactly(1, 1, 0);
    assertThat(values(scorer.score(ignoresItsLiteral("q1", 7000)))).containsExactly(1, 1, 0);
  }

  @Test
  void memoryIsBoundedToTheLastPrompts() {
    SqlConsensusScorer forgetful = consensus().insensitiveAfter(2).memory(1).build();
    forgetful.score(ignoresItsLiteral("q1", 7000));
    forgetful.score(ignoresItsLiteral("q2", 5000));
    // Only q2 is remembered: one other question, below insensitiveAfter 2.
    assertThat(values(forgetful.score(ignoresItsLiteral("q3", 9000)))).containsExactly(1, 1, 0);

    SqlConsensusScorer off = consensus().insensitiveAfter(1).memory(0).build();
    off.score(ignoresItsLiteral("q1", 7000));
    assertThat(values(off.score(ignoresItsLiteral("q2", 5000)))).containsExactly(1, 1, 0);
  }

  @Test
  void genuinelyDifferentAnswersAreNeverPenalised() {
    SqlConsensusScorer scorer = consensus().insensitiveAfter(1).build();
    for (int salary : new int[] {4000, 5000, 6500, 7000, 7500}) {
      String sql = "SELECT name FROM employees WHERE salary > " + salary;
      assertThat(values(scorer.score(group("q" + salary, "Who earns more than " + salary + "?",
          sql, sql)))).as("salary %d", salary).containsExactly(1, 1);
    }
  }

  @Test
  void builderNamesTheBadValue() {
    assertThatThrownBy(() -> SqlConsensusScorer.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("executor")
        .hasMessageContaining("grounding");
    assertThatThrownBy(() -> consensus().partialCredit(1.0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("partialCredit");
    assertThatThrownBy(() -> consensus().insensitivePenalty(-0.1).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> consensus().memory(-1).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("memory");
    assertThatThrownBy(() -> consensus().insensitiveAfter(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("insensitiveAfter");
    assertThat(consensus().partialCredit(0.1).build().toBuilder().build().toString())
        .isEqualTo(consensus().partialCredit(0.1).build().toString());
  }
}
