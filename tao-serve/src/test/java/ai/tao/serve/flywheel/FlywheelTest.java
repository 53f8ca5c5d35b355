package ai.tao.serve.flywheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.djl.ndarray.NDManager;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.LoraConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.Trainers;
import ai.tao.rewards.Scorers;
import ai.tao.serve.Gateway;
import ai.tao.serve.TinyPolicies;
import ai.tao.serve.registry.EvaluationGate;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import ai.tao.serve.registry.Registration;
import ai.tao.serve.registry.VersionStatus;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One flywheel turn over a tiny real policy, with a length reward and the gate's margin set so
 * that the outcome is known in advance: the wiring (capture, register, commit, promote, swap)
 * rather than the learning, which the SQL end-to-end test in tao-benchmarks holds.
 */
class FlywheelTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  InferenceTable table;
  ModelRegistry registry;
  ModelVersion base;
  int requests;

  @BeforeEach
  void open() {
    table = InferenceTable.open(tmp.resolve("table"));
    registry = ModelRegistry.open(tmp.resolve("registry"));
    try (DecoderPolicy p = TinyPolicies.tiny(5)) {
      base = registry.register(p, Registration.builder().build());
    }
    registry.promote(base.id());
  }

  @AfterEach
  void close() {
    table.close();
  }

  void traffic(int n, String prefix) {
    for (int i = 0; i < n; i++) {
      String body = JSON.createObjectNode().put("model", "m").put("prompt", prefix + " question number " + i).toString();
      table.record(new Inference("req-" + ++requests, Instant.parse("2026-01-02T03:04:05Z"), Inference.COMPLETIONS,
          base.id(), body, "x", "[{\"index\":0,\"text\":\"x\",\"finish_reason\":\"stop\"}]", "stop", 5, 1, 10));
    }
    table.flush();
  }

  Flywheel.Builder flywheel(Scorer scorer, double margin, Gateway gateway) {
    TablePromptSource source = TablePromptSource.builder().table(table).directory(tmp.resolve("intake")).build();
    Flywheel.Builder b = Flywheel.builder().registry(registry).prompts(source).scorer(scorer)
        .sampling(SamplingParams.builder().candidatesPerPrompt(2).maxNewTokens(6).temperature(1.0).build())
        .gate(EvaluationGate.builder().margin(margin)).stepsPerTurn(2).promptsPerStep(2).minNewRows(8)
        .checkpointEvery(0).workDirectory(tmp.resolve("work"));
    return gateway == null ? b : b.gateway(gateway);
  }

  @Test
  void aTurnTunesRegistersCommitsPromotesAndSwapsTheGateway() throws Exception {
    traffic(10, "first");
    try (Scorer scorer = Scorers.length().range(0, 4).build();
        Gateway gateway = Gateway.builder().policy(registry.load(base, DecoderPolicy::load), base.id()).port(0).build()
            .start()) {
      // a margin of -10 passes any candidate: this turn must end promoted
      Flywheel fw = flywheel(scorer, -10, gateway).build();
      TurnReport r = fw.turn();
      assertThat(r.outcome()).isEqualTo(TurnReport.Outcome.PROMOTED);
      assertThat(r.trainPrompts() + r.gatePrompts()).isEqualTo(10);
      assertThat(r.gatePrompts()).isPositive();
      assertThat(r.tuning().orElseThrow().steps()).isEqualTo(2);
      ModelVersion v = r.registered().orElseThrow();
      assertThat(v.manifest().parent()).hasValue(base.id());
      assertThat(v.manifest().status()).isEqualTo(VersionStatus.APPROVED);
      assertThat(v.manifest().settings()).containsKeys("scorer", "flywheel.steps_per_turn");
      assertThat(v.manifest().metrics()).containsKeys("gate.promote", "tune.steps", "dataset.kept");
      assertThat(registry.current().orElseThrow().id()).isEqualTo(v.id());
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!gateway.version().equals(v.id()) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(gateway.version()).isEqualTo(v.id());

      // nothing new captured: the next turn does nothing
      assertThat(fw.turn().outcome()).isEqualTo(TurnReport.Outcome.NOT_ENOUGH_DATA);

      // new traffic, and a margin no candidate can meet: rejected, registered as such, not served
      traffic(10, "second");
      TurnReport rejected = flywheel(scorer, 10, gateway).build().turn();
      assertThat(rejected.outcome()).isEqualTo(TurnReport.Outcome.REJECTED);
      assertThat(rejected.dataset().orElseThrow().rowsRead()).as("only the rows since the last turn").isEqualTo(10);
      assertThat(rejected.registered().orElseThrow().manifest().status()).isEqualTo(VersionStatus.REJECTED);
      assertThat(registry.current().orElseThrow().id()).isEqualTo(v.id());
      assertThat(gateway.version()).isEqualTo(v.id());
    }
  }

  @Test
  void aLoraTurnRegistersTheVerifiedMergeWithItsAdaptersInPeftLayout() throws Exception {
    traffic(10, "lora");
    LoraConfig lora = LoraConfig.builder().rank(2).alpha(4).build();
    try (Scorer scorer = Scorers.length().range(0, 4).build();
        Gateway gateway = Gateway.builder().policy(registry.load(base, DecoderPolicy::load), base.id()).port(0).build()
            .start()) {
      Flywheel fw = flywheel(scorer, -10, gateway).lora(lora)
          .trainer(p -> Trainers.grpo().learningRate(1e-2).trainer(p)).build();
      TurnReport r;
      try {
        r = fw.turn();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!gateway.version().equals(r.registered().orElseThrow().id()) && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
      } finally {
        gateway.close(); // the flywheel closes what it swapped in, after the gateway
        fw.close();
      }
      assertThat(r.outcome()).isEqualTo(TurnReport.Outcome.PROMOTED);
      ModelVersion v = r.registered().orElseThrow();
      assertThat(gateway.version()).isEqualTo(v.id());
      assertThat(v.manifest().settings()).containsEntry("flywheel.lora",
          "rank 2, alpha 4.0, dropout 0.0, modules " + new TreeSet<>(LoraConfig.MODULES));
      Path adapter = v.folder().resolve(DecoderPolicy.ADAPTER_DIR);
      assertThat(adapter.resolve("adapter_config.json")).isRegularFile();
      assertThat(adapter.resolve("adapter_model.safetensors")).isRegularFile();

      // the version is the merged model: the parent with the turn's adapters gives the same logits
      long[][] ids = {{1, 72, 105, 33, 10, 64}};
      int[][] attention = {{1, 1, 1, 1, 1, 1}};
      try (DecoderPolicy merged = registry.load(v, DecoderPolicy::load);
          DecoderPolicy parent = registry.load(base, DecoderPolicy::load);
          DecoderPolicy adapted = registry.load(base, DecoderPolicy::load).withAdapters(adapter);
          NDManager m = TaoRuntime.newManager()) {
        float[] tuned = merged.model().forward(ids, attention, m, false).toFloatArray();
        float[] before = parent.model().forward(ids, attention, m, false).toFloatArray();
        float[] viaAdapters = adapted.model().forward(ids, attention, m, false).toFloatArray();
        double moved = 0;
        double mergeError = 0;
        for (int i = 0; i < tuned.length; i++) {
          moved = Math.max(moved, Math.abs(tuned[i] - before[i]));
          mergeError = Math.max(mergeError, Math.abs(tuned[i] - viaAdapters[i]));
        }
        assertThat(moved).as("the adapters were trained").isGreaterThan(1e-4);
        assertThat(mergeError).as("merged version against parent + adapter/").isLessThan(1e-4);
      }
    }
  }

  @Test
  void aTurnThatFailsInTheGateIsCarriedOnByTheNextWithoutTuningAgain() {
    traffic(10, "first");
    java.util.concurrent.atomic.AtomicBoolean failGate = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
    try (Scorer length = Scorers.length().range(0, 4).build()) {
      Scorer flaky = new Scorer() { // fails while the gate scores, the first time only
        @Override
        public String name() {
          return "flaky-length";
        }

        @Override
        public List<ai.tao.api.Score> score(ai.tao.api.CandidateGroup group) {
          if (failGate.get()) {
            throw new ai.tao.api.ScoringException("the judge is down");
          }
          return length.score(group);
        }
      };
      ai.tao.api.TaoListener events = ai.tao.api.TaoListener.of(e -> {
        if (e instanceof ai.tao.api.TaoEvent.StepCompleted) {
          steps.incrementAndGet();
        }
        if (e instanceof ai.tao.api.TaoEvent.RoundCompleted && armed.getAndSet(false)) {
          failGate.set(true); // the first tuning is over: its gate comes next
        }
      });
      Flywheel fw = flywheel(flaky, -10, null).listener(events).build();
      assertThatThrownBy(fw::turn).hasMessageContaining("the judge is down");
      assertThat(steps.get()).isEqualTo(2);
      assertThat(registry.versions()).hasSize(1);

      failGate.set(false);
      TurnReport r = fw.turn(); // the same process goes on: the dataset is still pending
      assertThat(r.outcome()).isEqualTo(TurnReport.Outcome.PROMOTED);
      assertThat(steps.get()).as("no step tuned again").isEqualTo(2);
      assertThat(r.tuning().orElseThrow().steps()).isEqualTo(2);
      assertThat(r.dataset().orElseThrow().rowsRead()).isEqualTo(10);
      assertThat(registry.versions()).hasSize(2);
      assertThat(tmp.resolve("work").resolve("runs").resolve("dataset-0000")).doesNotExist();

      traffic(10, "second"); // and the turn after reads on
      assertThat(fw.turn().dataset().orElseThrow().rowsRead()).isEqualTo(10);
    }
  }

  @Test
  void aScheduleRunsTurnsUntilClosedAndCountsThem() throws Exception {
    try (Scorer scorer = Scorers.length().range(0, 4).build()) {
      Flywheel fw = flywheel(scorer, 0, null).build(); // no traffic: every turn finds nothing to do
      List<TurnReport> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      FlywheelSchedule schedule = fw.every(java.time.Duration.ofMillis(20), seen::add);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (schedule.turns() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(schedule.close(java.time.Duration.ofSeconds(10))).isTrue();
      int after = schedule.turns();
      Thread.sleep(100);
      assertThat(schedule.turns()).as("no turn after close").isEqualTo(after);
      assertThat(after).isGreaterThanOrEqualTo(3);
      assertThat(seen).hasSize(after).allMatch(r -> r.outcome() == TurnReport.Outcome.NOT_ENOUGH_DATA);
      assertThat(schedule.lastReport()).isPresent();
      assertThat(schedule.failures()).isZero();
      assertThatThrownBy(() -> fw.every(java.time.Duration.ZERO, r -> { }))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("positive period");
    }
  }

  @Test
  void theSplitDependsOnContentNotOnTheOrderRequestsLanded() {
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      prompts.add(Prompt.ofText("row-" + i, "question " + i));
    }
    GateSplit a = GateSplit.of(prompts, 0.2);
    List<Prompt> shuffled = new ArrayList<>();
    for (int i = 0; i < 50; i++) { // the same questions, landed in another order under other row ids
      shuffled.add(Prompt.ofText("row-" + (100 + i), prompts.get(i).text()));
    }
    Collections.shuffle(shuffled, new Random(3));
    GateSplit b = GateSplit.of(shuffled, 0.2);
    assertThat(b.train()).extracting(Prompt::text).containsExactlyElementsOf(a.train().stream().map(Prompt::text).toList());
    assertThat(b.gate()).extracting(Prompt::text).containsExactlyElementsOf(a.gate().stream().map(Prompt::text).toList());
    assertThat(a.gate().size()).isBetween(3, 20);
    assertThat(a.train().size() + a.gate().size()).isEqualTo(50);
  }

  @Test
  void theBuilderNamesWhatIsMissingOrOutOfRange() {
    assertThatThrownBy(() -> Flywheel.builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("registry(...)").hasMessageContaining("scorer(...)");
    try (Scorer scorer = Scorers.length().range(0, 4).build()) {
      assertThatThrownBy(() -> flywheel(scorer, 0, null).gateFraction(1.0).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("gateFraction");
      assertThatThrownBy(() -> flywheel(scorer, 0, null).minNewRows(1).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("minNewRows");
    }
  }

  @Test
  void aTurnWithoutACurrentVersionSaysWhatToDo() {
    ModelRegistry empty = ModelRegistry.open(tmp.resolve("empty"));
    try (Scorer scorer = Scorers.length().range(0, 4).build()) {
      Flywheel fw = flywheel(scorer, 0, null).registry(empty).build();
      assertThatThrownBy(fw::turn).isInstanceOf(ConfigurationException.class).hasMessageContaining("promote it");
    }
  }
}
