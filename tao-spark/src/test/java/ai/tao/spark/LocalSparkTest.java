package ai.tao.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.GenerationException;
import ai.tao.api.Prompt;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.ScoringException;
import ai.tao.api.StepMetrics;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.TuneResult;
import ai.tao.core.policy.DecoderPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TAO with sampling and scoring on Spark's {@code local[2]}: two task slots in this JVM. */
class LocalSparkTest {
  static SparkSession spark;
  @TempDir
  static Path shared;
  static Path base;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("tao-local-test").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    base = TinyRun.base(shared.resolve("base"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static SparkGenerator.Builder generator(String scorer, ScorerOptions options) {
    return SparkGenerator.builder().spark(spark).sampling(TinyRun.sampling()).scorer(scorer, options)
        .snapshotDir(shared.resolve("snapshots")).maxBatchRows(TinyRun.MAX_BATCH_ROWS);
  }

  @Test
  void aSeededRunOnLocal2EndsWithTheInProcessWeightsBitForBit() throws Exception {
    TuneResult inProcess;
    try (Scorer scorer = ScorerRegistry.load().create(TinyRun.SCORER, TinyRun.OPTIONS)) {
      inProcess = TinyRun.tune(base, TinyRun.sampling(), scorer, 3, shared.resolve("in-process"));
    }
    SparkGenerator gen = generator(TinyRun.SCORER, TinyRun.OPTIONS).build();
    long loadsBefore = ExecutorCache.policyLoads();
    TuneResult onSpark;
    try (Scorer scorer = gen.newDriverScorer()) {
      onSpark = TinyRun.tune(base, gen, scorer, 3, shared.resolve("spark"));
    }
    String expected = TinyRun.weights(shared.resolve("in-process"));
    assertThat(TinyRun.weights(shared.resolve("spark"))).isEqualTo(expected);
    assertThat(TinyRun.weights(base)).isNotEqualTo(expected); // the run did train
    assertThat(onSpark.steps()).extracting(StepMetrics::rewardMean)
        .containsExactlyElementsOf(inProcess.steps().stream().map(StepMetrics::rewardMean).toList());

    // Each step: one snapshot, 2 shards of 2 prompts; a snapshot is loaded at most once per task slot.
    assertThat(gen.reports()).hasSize(3).allSatisfy(r -> {
      assertThat(r.tasks()).isEqualTo(2);
      assertThat(r.candidates()).isEqualTo(16);
    });
    assertThat(gen.reports()).extracting(SparkStepReport::snapshot).containsExactly(1, 2, 3);
    long loads = ExecutorCache.policyLoads() - loadsBefore;
    assertThat(loads).isBetween(3L, 6L);
    try (Stream<Path> kept = Files.list(gen.snapshotFolder())) {
      assertThat(kept.map(p -> p.getFileName().toString()).sorted()).containsExactly("v000002", "v000003");
    }
  }

  @Test
  void withOneStepOfStalenessEachLaterStepIsSampledWhileTheDriverTrainsAndSeededRunsAgree() throws Exception {
    String onPolicy;
    try (Scorer scorer = ScorerRegistry.load().create(TinyRun.SCORER, TinyRun.OPTIONS)) {
      TinyRun.tune(base, TinyRun.sampling(), scorer, 3, shared.resolve("on-policy"));
      onPolicy = TinyRun.weights(shared.resolve("on-policy"));
    }
    String[] stale = new String[2];
    for (int i = 0; i < 2; i++) {
      SparkGenerator gen = generator(TinyRun.SCORER, TinyRun.OPTIONS).staleness(1).build();
      try (Scorer scorer = gen.newDriverScorer()) {
        TinyRun.tune(base, gen, scorer, 3, shared.resolve("stale-" + i));
      }
      stale[i] = TinyRun.weights(shared.resolve("stale-" + i));
      assertThat(gen.reports()).extracting(SparkStepReport::stale).containsExactly(false, true, true);
      // Step 2 samples from the snapshot published before step 1's update, step 3 from the one before step 2's.
      assertThat(gen.reports()).extracting(SparkStepReport::snapshot).containsExactly(1, 2, 3);
      assertThat(gen.settings()).containsEntry("staleness", 1);
    }
    assertThat(stale[1]).isEqualTo(stale[0]);
    assertThat(stale[0]).as("stale rollouts train otherwise than on-policy ones").isNotEqualTo(onPolicy);
    assertThatThrownBy(() -> generator(TinyRun.SCORER, TinyRun.OPTIONS).staleness(2).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("staleness must be 0 (on-policy) or 1");
  }

  @Test
  void aScorerThatThrowsOnAnExecutorFailsTheStepNamingThePrompt() {
    SparkGenerator gen = generator("test-fails-on", ScorerOptions.of("id", "p-2")).build();
    try (Scorer scorer = gen.newDriverScorer()) {
      assertThatThrownBy(() -> TinyRun.tune(base, gen, scorer, 1, shared.resolve("fails")))
          .isInstanceOf(ScoringException.class)
          .hasMessageContaining("scorer 'test-fails-on' failed on prompt 'p-2'")
          .hasMessageContaining("boom on purpose")
          .hasMessageContaining("executor driver");
    }
  }

  @Test
  void aShardThePolicyCannotSampleFailsTheStepAtOnceWithThePoliciesOwnReason() {
    SparkGenerator gen = generator(TinyRun.SCORER, TinyRun.OPTIONS).build();
    List<Prompt> tooLong = List.of(Prompt.ofText("long", "x".repeat(80)));
    try (DecoderPolicy policy = DecoderPolicy.load(base, TinyRun.MAX_BATCH_ROWS)) {
      assertThatThrownBy(() -> gen.generateScored(policy, tooLong, 1)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("exceeds the model's max_position_embeddings 64").hasMessageContaining("executor driver");
    }
  }

  @Test
  void aStepPastItsTimeoutIsCancelledAndSaysSo() {
    SparkGenerator gen = generator("test-sleeps", ScorerOptions.of("ms", "20000")).stepTimeout(Duration.ofSeconds(2))
        .build();
    long t0 = System.nanoTime();
    try (Scorer scorer = gen.newDriverScorer()) {
      assertThatThrownBy(() -> TinyRun.tune(base, gen, scorer, 1, shared.resolve("slow")))
          .isInstanceOf(GenerationException.class)
          .hasMessageContaining("did not finish within the step timeout PT2S");
    }
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
  }

  @Test
  void badSettingsFailBeforeAnyJobRuns() {
    assertThatThrownBy(() -> generator("no-such-scorer", ScorerOptions.empty()).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no scorer named 'no-such-scorer'")
        .hasMessageContaining("regex");
    assertThatThrownBy(() -> SparkGenerator.builder().spark(spark).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing sampling, scorer, snapshotDir");
    assertThatThrownBy(() -> generator(TinyRun.SCORER, TinyRun.OPTIONS).promptsPerTask(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("promptsPerTask > 0");
  }
}
