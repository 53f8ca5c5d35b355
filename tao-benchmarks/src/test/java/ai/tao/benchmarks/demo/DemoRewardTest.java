package ai.tao.benchmarks.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlPromptFormat;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlCue;
import ai.tao.rewards.sql.SqlCueMiner;
import ai.tao.rewards.sql.SqlGroundingScorer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the demo's grounding rule covers, shown on documentation data only: the cue words are learned
 * from docTrain, every documentation gold query (docTrain and the unseen docExtra) is grounded, and
 * right filters with the wrong ask are refused. No production question or held-out gold is read.
 */
class DemoRewardTest {
  private static final SqlDataset DATA = SqlDataset.generate(DemoConfig.DATA_SEED);
  private static H2Database db;
  private static SqlCueMiner.Learned learned;
  private static SqlGroundingScorer grounding;

  @BeforeAll
  static void open() {
    db = H2Database.fromScript(DATA.schema().script());
    learned = DemoScorers.cues(DATA);
    grounding = DemoScorers.grounding(db, DATA.schema(), learned.cues());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static Score score(String question, String sql) {
    Prompt p = Prompt.ofText("q", SqlPromptFormat.render(question));
    return grounding.score(new CandidateGroup(p, List.of(new Completion(sql, new int[] {1}, new float[] {0f},
        FinishReason.EOS)))).get(0);
  }

  @Test
  void everyDocumentationGoldQueryIsGrounded() {
    List<String> refused = new ArrayList<>();
    for (List<SqlTask> split : List.of(DATA.docTrain(), DATA.docExtra())) {
      for (SqlTask t : split) {
        Score s = score(t.question(), t.goldSql());
        if (s.value() != 1.0) {
          refused.add(t.question() + " | " + t.goldSql() + " | " + s.reason());
        }
      }
    }
    assertThat(refused).isEmpty();
  }

  @Test
  void theDocumentationTeachesItsOwnAggregateWords() {
    // Words of the documentation's count questions that general English cues do not know.
    assertThat(learned.words().get(SqlCue.Aggregate.COUNT)).isNotEmpty();
    assertThat(learned.words().get(SqlCue.Aggregate.AVG)).contains("average");
  }

  @Test
  void theRightFilterWithTheWrongAskIsNotGrounded() {
    String filter = " FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name='hr')";
    assertThat(score("What is the average salary in the hr department?", "SELECT AVG(salary)" + filter).value())
        .isEqualTo(1.0);
    Score wrong = score("What is the average salary in the hr department?", "SELECT name" + filter);
    assertThat(wrong.value()).isZero();
    assertThat(wrong.reason()).contains("asks for avg");
    assertThat(score("How many employees work in the hr department?", "SELECT name" + filter).value()).isZero();
    Score unasked = score("List the employees in the hr department.", "SELECT COUNT(*)" + filter);
    assertThat(unasked.value()).isZero();
    assertThat(unasked.reason()).contains("does not ask for it");
    Score column = score("Show the city of the support department.", "SELECT name FROM dept WHERE name='support'");
    assertThat(column.value()).isZero();
    assertThat(column.reason()).contains("column city");
    assertThat(score("Show the city of the support department.", "SELECT city FROM dept WHERE name='support'")
        .value()).isEqualTo(1.0);
  }
}
