package ai.tao.benchmarks.multitask;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.LabelAudit;
import ai.tao.benchmarks.docqa.DocQaDataset;
import ai.tao.benchmarks.docqa.DocQaTask;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlExecutionScorer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiTaskDataTest {
  private static final MultiTaskData DATA = MultiTaskData.generate();

  private static Completion completion(String text) {
    return new Completion(text, text.chars().toArray(), new float[text.length()], FinishReason.EOS);
  }

  @Test
  void everyPromptNamesItsTaskAndCarriesNoLabel() {
    List<Prompt> prompts = DATA.prodTrainPrompts();
    assertThat(prompts).hasSize(DATA.sql().prodTrain().size() + DATA.docqa().prodTrain().size());
    assertThat(prompts.stream().filter(p -> MultiTaskData.SQL.equals(p.metadata().get(MultiTaskData.TASK_KEY))))
        .hasSize(DATA.sql().prodTrain().size());
    assertThat(prompts.stream().filter(p -> DocQaDataset.TASK.equals(p.metadata().get(MultiTaskData.TASK_KEY))))
        .hasSize(DATA.docqa().prodTrain().size());
    LabelAudit audit = new LabelAudit(MultiTaskDemo.labels(DATA));
    assertThat(prompts).noneMatch(audit::carriesLabel);
    SqlTask t = DATA.sql().prodTrain().get(0);
    assertThat(audit.carriesLabel(Prompt.ofText("x", "Q: " + t.question() + "\nSQL: " + t.goldSql()))).isTrue();
  }

  @Test
  void theBaseTrainsOnBothTasksDocumentationLabelsOnly() {
    assertThat(DATA.docTrainLabels()).hasSize(DATA.docqa().docTrain().size()
        + MultiTaskData.SQL_REPEATS * DATA.sql().docTrain().size());
  }

  @Test
  void theLabelBaselineAddsBothTasksDocExtraInTheBasesMix() {
    List<ai.tao.core.train.LabeledExample> more = DATA.moreDocLabels();
    assertThat(more).hasSize(DATA.docTrainLabels().size() + DATA.docqa().docExtra().size()
        + MultiTaskData.SQL_REPEATS * DATA.sql().docExtra().size());
    assertThat(more).containsAll(DocQaDataset.sftExamples(DATA.docqa().docExtra()));
    LabelAudit production = new LabelAudit(DATA.docqa().prodHeldout().stream().map(t -> t.prompt() + t.workedAnswer())
        .toList());
    assertThat(more).noneMatch(e -> production.carriesLabel(Prompt.ofText("x", e.prompt().text() + e.response())));
  }

  @Test
  void everyTaoPromptAndItsTasksAnswerBudgetFitTheBasesContext(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    ai.tao.benchmarks.demo.DemoOptions opt = ai.tao.benchmarks.demo.DemoOptions.parse(new String[0]);
    try (ai.tao.core.policy.DecoderPolicy base = MultiTaskDemo.base(opt, dir)) {
      int context = base.model().config().maxPositions();
      for (Prompt p : DATA.prodTrainPrompts()) {
        boolean sql = MultiTaskData.SQL.equals(p.metadata().get(MultiTaskData.TASK_KEY));
        int budget = (sql ? MultiTaskDemo.sqlSampling(opt) : MultiTaskDemo.docqaSampling(opt)).maxNewTokens();
        assertThat(base.encode(p).length + budget).as(p.id()).isLessThanOrEqualTo(context);
      }
    }
  }

  @Test
  void theRouterScoresEachPromptWithItsTasksReward() {
    Prompt sqlPrompt = DATA.prodTrainPrompts().get(0);
    DocQaTask dq = DATA.docqa().prodTrain().stream().filter(t -> t.kind().name().equals("DIFFERENCE"))
        .findFirst().orElseThrow();
    Prompt docqaPrompt = DocQaDataset.prompts(List.of(dq)).get(0);
    try (H2Database db = H2Database.fromScript(DATA.sql().schema().script());
        SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
        Scorer router = MultiTaskDemo.reward(DATA, exec, false)) {
      String right = dq.workedAnswer();
      List<Score> qa = router.score(new CandidateGroup(docqaPrompt, List.of(completion(right), completion(right),
          completion("revenue 999 - cash 1 = 998"))));
      assertThat(qa).extracting(Score::value).containsExactly(1.0, 1.0, 0.0);
      List<Score> sql = router.score(new CandidateGroup(sqlPrompt, List.of(completion("not sql"),
          completion("not sql either"))));
      assertThat(sql).hasSize(2).allMatch(s -> s.value() == 0.0);
    }
  }
}
