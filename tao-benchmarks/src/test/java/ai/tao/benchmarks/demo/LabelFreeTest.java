package ai.tao.benchmarks.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.generate.Generators;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The TAO training path of the demo never sees a label. */
class LabelFreeTest {
  static final SqlDataset DATA = SqlDataset.builder().seed(DemoConfig.DATA_SEED).docTrain(50).docExtra(50)
      .prodTrain(40).prodHeldout(20).build();

  static List<SqlTask> allTasks() {
    List<SqlTask> all = new ArrayList<>(DATA.docTrain());
    all.addAll(DATA.docExtra());
    all.addAll(DATA.prodTrain());
    all.addAll(DATA.prodOracle());
    all.addAll(DATA.prodHeldout());
    return all;
  }

  @Test
  void theAuditCatchesAPlantedLabel() {
    LabelAudit audit = LabelAudit.forSql(allTasks());
    SqlTask t = DATA.prodTrain().get(0);
    assertThat(audit.carriesLabel(Prompt.ofText(t.id(), t.question() + "\n" + t.goldSql()))).isTrue();
    assertThat(audit.carriesLabel(Prompt.ofText(t.id(), t.question()).withMetadata("note", t.goldSql()))).isTrue();
    assertThat(audit.carriesLabel(Prompt.ofText(t.id(), t.question()))).isFalse();
  }

  @Test
  void promptsAndScorersOfATaoRunCarryNoGoldSql() {
    LabelAudit audit = LabelAudit.forSql(allTasks());
    List<Prompt> prompts = DATA.prodTrainPrompts();
    assertThat(prompts).isNotEmpty().allSatisfy(p -> {
      assertThat(p.metadata()).isEmpty();
      assertThat(audit.carriesLabel(p)).as(p.id()).isFalse();
    });
    AtomicInteger groupsScored = new AtomicInteger();
    try (H2Database db = H2Database.fromScript(DATA.schema().script());
        DecoderPolicy policy = DemoModel.fresh(3);
        GrpoTrainer trainer = Trainers.grpo().learningRate(1e-4).trainer(policy)) {
      Scorer demo = DemoScorers.BOTH.create(Scorers.sqlExecution().database(db).build(), DATA.schema(),
          DemoScorers.cues(DATA).cues());
      Scorer counting = new Scorer() {
        @Override
        public String name() {
          return demo.name();
        }

        @Override
        public List<Score> score(CandidateGroup group) {
          groupsScored.incrementAndGet();
          return demo.score(group);
        }
      };
      Tao.tune(TuneRequest.builder().policy(policy)
          .prompts(audit.watch(PromptSource.of(prompts)))
          .generator(Generators.sampling().candidatesPerPrompt(4).temperature(0.7).maxNewTokens(12).build())
          .scorer(audit.watch(counting))
          .trainer(trainer)
          .promptsPerStep(4).stepsPerRound(2).seed(1).build());
    }
    assertThat(groupsScored.get()).isEqualTo(8);
    assertThat(audit.labelsSeen()).isZero();
  }
}
