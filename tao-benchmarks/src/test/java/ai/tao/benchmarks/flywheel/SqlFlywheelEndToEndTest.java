package ai.tao.benchmarks.flywheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.benchmarks.demo.DemoConfig;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.LabelAudit;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlPromptFormat;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.train.Trainers;
import ai.tao.serve.Gateway;
import ai.tao.serve.flywheel.TurnReport;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import ai.tao.serve.registry.VersionStatus;
import ai.tao.serve.table.InferenceTable;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flywheel issue's end-to-end acceptance, at a small size: the SQL base served by the gateway,
 * production questions from a plain HTTP client and a langchain4j app, one flywheel turn from the
 * captured table, the gate promotes, the gateway answers with the new version, and the served
 * model's held-out accuracy is higher, with no label seen. Then a turn made worse on purpose is
 * rejected, and a rollback puts the base back in service.
 */
class SqlFlywheelEndToEndTest {

  @Test
  void servedTrafficTunesAModelThatTheGatePromotesAndTheGatewayServes(@TempDir Path work) throws Exception {
    DemoOptions opt = DemoOptions.parse(new String[] {"--steps", "20", "--quiet"});
    try (SqlFlywheelDemo.Running run = SqlFlywheelDemo.run(opt, new SqlFlywheelDemo.Setup(work, 200))) {
      InferenceTable table = run.table();
      Gateway gateway = run.gateway();
      SqlFlywheelDemo.Result r = run.result();
      System.out.println("flywheel end to end: " + SqlFlywheelDemo.toJson(r));
      ModelRegistry registry = run.registry();

      assertThat(r.httpRows()).isEqualTo(100);
      assertThat(r.langchain4jRows()).isEqualTo(100);
      assertThat(r.turn().dataset().orElseThrow().rowsRead()).isEqualTo(200);
      assertThat(r.turn().outcome()).isEqualTo(TurnReport.Outcome.PROMOTED);
      String promoted = r.turn().registered().orElseThrow().id();
      assertThat(registry.current().orElseThrow().id()).isEqualTo(promoted);
      assertThat(gateway.version()).isEqualTo(promoted).isEqualTo(r.servedVersion()).isNotEqualTo(r.baseVersion());
      assertThat(r.servedPassAt1()).as("held-out pass@1 served, after vs before").isGreaterThan(r.basePassAt1());
      assertThat(r.labelsSeen()).isZero();
      ModelVersion v = registry.version(promoted);
      assertThat(v.manifest().parent()).hasValue(r.baseVersion());
      assertThat(v.manifest().datasetVersion()).hasValue("round-0000.jsonl (rows 1..200)");

      // the gateway answers with the new version
      SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
      List<SqlTask> fresh = data.prodTrain().subList(200, 260);
      List<HttpCompletions.Answer> answers = client(gateway).complete(prompts(fresh));
      assertThat(answers).extracting(HttpCompletions.Answer::version).containsOnly(promoted);

      // a turn made worse on purpose (a learning rate 500 times the demo's) is refused by the gate
      try (SqlFlywheelDemo.SqlReward reward = SqlFlywheelDemo.SqlReward.open(data, LabelAudit.forSql(data.prodTrain()))) {
        DemoOptions sabotage = DemoOptions.parse(new String[] {"--steps", "4", "--quiet"});
        TurnReport worse = SqlFlywheelDemo.flywheel(sabotage, registry, table, gateway, work, reward.scorer())
            .trainer(p -> Trainers.grpo().learningRate(0.05).klCoefficient(0.05).trainer(p))
            .collapseGuard(CollapseGuard.off()).build().turn(); // nothing may save this run from itself
        assertThat(worse.dataset().orElseThrow().rowsRead()).as("only the rows since the last turn").isEqualTo(60);
        assertThat(worse.outcome()).isEqualTo(TurnReport.Outcome.REJECTED);
        String rejected = worse.registered().orElseThrow().id();
        assertThat(registry.version(rejected).manifest().status()).isEqualTo(VersionStatus.REJECTED);
        assertThat(registry.current().orElseThrow().id()).isEqualTo(promoted);
        assertThat(gateway.version()).isEqualTo(promoted);
        assertThatThrownBy(() -> registry.promote(rejected)).isInstanceOf(ConfigurationException.class);
      }

      // rollback, one call: the registry and the gateway go back to the base
      ModelVersion back = run.flywheel().rollback();
      assertThat(back.id()).isEqualTo(r.baseVersion());
      assertThat(registry.current().orElseThrow().id()).isEqualTo(r.baseVersion());
      SqlFlywheelDemo.awaitVersion(gateway, back.id());
      assertThat(client(gateway).complete(prompts(fresh.subList(0, 4))))
          .extracting(HttpCompletions.Answer::version).containsOnly(r.baseVersion());
    }
  }

  private static HttpCompletions client(Gateway gateway) {
    return new HttpCompletions(gateway.baseUri(), gateway.modelName(), DemoConfig.MAX_SQL_TOKENS, 8);
  }

  private static List<String> prompts(List<SqlTask> tasks) {
    return tasks.stream().map(t -> SqlPromptFormat.render(t.question())).toList();
  }
}
