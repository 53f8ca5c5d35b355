package ai.tao.serve.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.TinyPolicies;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.Registration;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaoCliTest {

  /** One command line's exit status and what it wrote. */
  record Run(int status, String out, String err) {}

  static Run tao(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = TaoCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelpThatNamesItsOptions() {
    Run top = tao("--help");
    assertThat(top.status()).isZero();
    assertThat(top.out()).contains("serve", "tune", "eval", "flywheel", "promote", "rollback");
    List<List<String>> expected = List.of(List.of("serve", "--registry", "--port", "--db"),
        List.of("tune", "--model", "--prompts", "--scorer", "--checkpoint-every"),
        List.of("eval", "--data", "--grader"), List.of("flywheel", "--registry", "--every", "--canary", "--margin"),
        List.of("promote", "VERSION"), List.of("rollback", "--registry"));
    for (List<String> e : expected) {
      Run help = tao(e.get(0), "--help");
      assertThat(help.status()).as(e.get(0)).isZero();
      assertThat(help.out()).as(e.get(0)).contains("Usage: tao " + e.get(0)).contains(e.subList(1, e.size()));
    }
  }

  @Test
  void promoteAndRollbackAreOneCommandEach(@TempDir Path dir) {
    Path reg = dir.resolve("registry");
    ModelRegistry r = ModelRegistry.open(reg);
    try (DecoderPolicy a = TinyPolicies.tiny(1); DecoderPolicy b = TinyPolicies.tiny(2)) {
      r.register(a, Registration.builder().build());
      r.register(b, Registration.builder().parent("v0001").build());
    }
    assertThat(tao("promote", "--registry", reg.toString(), "v0001").status()).isZero();
    Run promote = tao("promote", "--registry", reg.toString(), "v0002");
    assertThat(promote.status()).isZero();
    assertThat(promote.out()).contains("v0001 -> v0002");
    Run rollback = tao("rollback", "--registry", reg.toString());
    assertThat(rollback.status()).isZero();
    assertThat(rollback.out()).contains("v0002 -> v0001");
    assertThat(ModelRegistry.open(reg).current().orElseThrow().id()).isEqualTo("v0001");
  }

  @Test
  void aBadValueExitsWithTwoAndSaysWhatToDo(@TempDir Path dir) {
    Path reg = dir.resolve("registry");
    try (DecoderPolicy a = TinyPolicies.tiny(1)) {
      ModelRegistry.open(reg).register(a, Registration.builder().build());
    }
    Run unknown = tao("promote", "--registry", reg.toString(), "v0042");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).contains("v0042").contains("v0001");
    Run nothingBack = tao("rollback", "--registry", reg.toString());
    assertThat(nothingBack.status()).isEqualTo(2);
    Run noModel = tao("eval", "--data", dir.resolve("x.jsonl").toString());
    assertThat(noModel.status()).isEqualTo(2);
    assertThat(noModel.err()).contains("MODEL_DIR or --registry");
    Run badEvery = tao("flywheel", "--registry", reg.toString(), "--scorer", "length", "--serve");
    assertThat(badEvery.status()).isEqualTo(2);
    assertThat(badEvery.err()).contains("--serve needs --every");
    assertThat(FlywheelCommand.parse("90s").getSeconds()).isEqualTo(90);
    assertThat(FlywheelCommand.parse("PT6H").toHours()).isEqualTo(6);
  }

  @Test
  void tuneWritesTheTunedModelAndEvalScoresIt(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model");
    try (DecoderPolicy p = TinyPolicies.tiny(3)) {
      p.save(model);
    }
    Path prompts = dir.resolve("prompts.jsonl");
    Files.writeString(prompts, "{\"prompt\": \"one\"}\n{\"prompt\": \"two\"}\n{\"prompt\": \"three\"}\n");
    Path out = dir.resolve("run");
    Run tune = tao("tune", "--model", model.toString(), "--prompts", prompts.toString(), "--scorer", "length",
        "--scorer-opt", "max=4", "--steps", "2", "--prompts-per-step", "2", "--candidates", "2",
        "--max-new-tokens", "6", "--out", out.toString());
    assertThat(tune.status()).as(tune.err()).isZero();
    assertThat(tune.out()).contains("COMPLETED after 2 steps");
    assertThat(out.resolve("final").resolve("config.json")).isRegularFile();

    Path labeled = dir.resolve("labeled.jsonl");
    Files.writeString(labeled, "{\"prompt\": \"one\", \"response\": \"x\"}\n{\"prompt\": \"two\", \"response\": \"y\"}\n");
    Run eval = tao("eval", out.resolve("final").toString(), "--data", labeled.toString(), "--max-new-tokens", "4");
    assertThat(eval.status()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("pass@1").contains("version final");
  }

  @Test
  void oneFlywheelTurnFromTheCommandLinePromotesThroughTheGate(@TempDir Path dir) {
    Path reg = dir.resolve("registry");
    ModelRegistry r = ModelRegistry.open(reg);
    try (DecoderPolicy a = TinyPolicies.tiny(4)) {
      r.promote(r.register(a, Registration.builder().build()).id());
    }
    Path db = dir.resolve("db");
    try (InferenceTable table = InferenceTable.open(db)) {
      for (int i = 0; i < 6; i++) {
        String body = "{\"model\":\"tao\",\"prompt\":\"captured question " + i + "\"}";
        table.record(new Inference("req-" + i, Instant.parse("2026-01-02T03:04:05Z"), Inference.COMPLETIONS, "v0001",
            body, "x", "[{\"index\":0,\"text\":\"x\",\"finish_reason\":\"stop\"}]", "stop", 4, 1, 10));
      }
    }
    // a margin of -10 passes any candidate: the wiring is under test, not the learning
    Run turn = tao("flywheel", "--registry", reg.toString(), "--db", db.toString(), "--work", dir.resolve("work").toString(),
        "--scorer", "length", "--scorer-opt", "max=4", "--steps", "2", "--prompts-per-step", "2", "--candidates", "2",
        "--max-new-tokens", "6", "--margin", "-10", "--min-new-rows", "4");
    assertThat(turn.status()).as(turn.err()).isZero();
    assertThat(turn.out()).startsWith("promoted").contains("candidate v0002 from v0001");
    assertThat(ModelRegistry.open(reg).current().orElseThrow().id()).isEqualTo("v0002");
    Run again = tao("flywheel", "--registry", reg.toString(), "--db", db.toString(), "--work", dir.resolve("work").toString(),
        "--scorer", "length", "--scorer-opt", "max=4", "--min-new-rows", "4");
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out()).as("nothing new captured").startsWith("not_enough_data");
  }
}
