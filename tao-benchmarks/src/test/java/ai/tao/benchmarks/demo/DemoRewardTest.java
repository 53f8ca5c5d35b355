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
import ai.tao.rewards.H2Database;
import ai.tao.rewards.SqlGroundingScorer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's grounding rule holds for every gold query and refuses right filters with the wrong ask. */
class DemoRewardTest {
  private static final SqlDataset DATA = SqlDataset.generate(DemoConfig.DATA_SEED);
  private static H2Database db;
  private static SqlGroundingScorer grounding;

  @BeforeAll
  static void open() {
    db = H2Database.fromScript(DATA.schema().script());
    grounding = DemoScorers.grounding(db, DATA.schema());
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
  void everyGoldQueryOfEverySplitIsGrounded() {
    List<List<SqlTask>> splits = List.of(DATA.docTrain(), DATA.docExtra(), DATA.prodTrain(), DATA.prodOracle(),
        DATA.prodHeldout());
    List<String> refused = new java.util.ArrayList<>();
    for (List<SqlTask> split : splits) {
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
  void theRightFilterWithTheWrongAskIsNotGrounded() {
    String filter = " FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name='hr')";
    assertThat(score("average salary hr?", "SELECT AVG(salary)" + filter).value()).isEqualTo(1.0);
    Score wrong = score("average salary hr?", "SELECT name" + filter);
    assertThat(wrong.value()).isZero();
    assertThat(wrong.reason()).contains("asks for avg");
    assertThat(score("how many ppl in hr", "SELECT name" + filter).value()).isZero();
    Score unasked = score("hr staff", "SELECT COUNT(*)" + filter);
    assertThat(unasked.value()).isZero();
    assertThat(unasked.reason()).contains("does not ask for it");
    Score column = score("support office city", "SELECT name FROM dept WHERE name='support'");
    assertThat(column.value()).isZero();
    assertThat(column.reason()).contains("column city");
    assertThat(score("support office city", "SELECT city FROM dept WHERE name='support'").value()).isEqualTo(1.0);
  }
}
