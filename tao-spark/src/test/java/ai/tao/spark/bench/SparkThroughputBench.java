package ai.tao.spark.bench;

import ai.tao.api.Generator;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.StepMetrics;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.generate.Generators;
import ai.tao.core.generate.SamplingGenerator;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import ai.tao.spark.LoopbackCluster;
import ai.tao.spark.SparkGenerator;
import ai.tao.spark.SparkStepReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A benchmark, not a test: rollout-and-score throughput of a seeded TAO run with sampling and
 * scoring in process, on a loopback standalone cluster with 1 and with 2 single-core executors, and
 * with 2 executors and one step of staleness; the driver's idle fraction (the share of the run its
 * loop waits for rollouts) and the reward per step of each.
 *
 * <p>Usage (from the repository root, after {@code mvn install -DskipTests}):
 * {@code java -cp <tao-spark test classpath> ai.tao.spark.bench.SparkThroughputBench [steps] [outDir]}
 * ({@code tools/spark-throughput.sh} builds the classpath and runs it). Writes {@code
 * results.json} and {@code results.md} into {@code outDir}.
 */
public final class SparkThroughputBench {
  static final int PROMPTS_PER_STEP = 16;
  static final int GROUP = 8;
  static final int MAX_BATCH_ROWS = 32;
  static final String SCORER = "regex";
  static final ScorerOptions OPTIONS = ScorerOptions.of("rule.early", "[a-m]", "rule.late", "[n-z]", "rule.digit",
      "[0-9]");

  private SparkThroughputBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--base-only")) { // for tools/spark-submit-check.sh
      base(Path.of(args[1]));
      return;
    }
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    Path out = Path.of(args.length > 1 ? args[1] : "docs/results/spark-throughput");
    Path work = Files.createTempDirectory("tao-spark-bench");
    Path base = base(work.resolve("base"));
    List<Map<String, Object>> runs = new ArrayList<>();
    runs.add(inProcess(base, steps, work));
    runs.add(cluster(base, steps, work, 1, 0));
    runs.add(cluster(base, steps, work, 2, 0));
    runs.add(cluster(base, steps, work, 2, 1));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", Map.of("cpus", Runtime.getRuntime().availableProcessors(), "java",
        System.getProperty("java.version")));
    report.put("workload", Map.of("steps", steps, "promptsPerStep", PROMPTS_PER_STEP, "candidatesPerPrompt", GROUP,
        "maxNewTokens", 32, "model", "fresh Llama, hidden 192, 4 layers, 6 heads (2 KV), byte vocabulary",
        "executorThreads", 1, "scorer", SCORER));
    report.put("runs", runs);
    report.put("notes", List.of("driverWaitSeconds: in process, the loop's sampling time (the driver samples itself);"
        + " on the cluster, the loop's wait for the step's scored rollouts, snapshot publishing included",
        "each run is preceded by a one-step warm-up run (engine start, first snapshot load)"));
    Files.createDirectories(out);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("results.json").toFile(),
        report);
    Files.writeString(out.resolve("results.md"), markdown(runs));
    System.out.println(markdown(runs));
  }

  static Path base(Path dir) {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(192).intermediateSize(512).numLayers(4)
        .numHeads(6).numKvHeads(2).maxPositions(128).build();
    try (DecoderPolicy p = DecoderPolicy.fresh("bench", c, tok, 23)) {
      p.save(dir);
    }
    return dir;
  }

  static List<Prompt> prompts() {
    List<Prompt> p = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      p.add(Prompt.ofText("q-" + i, "Item " + i + " of the list, described in a few words: "));
    }
    return p;
  }

  static SamplingGenerator sampling() {
    return Generators.sampling().candidatesPerPrompt(GROUP).temperature(1.0).maxNewTokens(32).build();
  }

  record Run(TuneResult result, double seconds, String weights) {}

  static Run tune(Path base, Generator generator, Scorer scorer, int steps, Path saveTo) throws Exception {
    try (DecoderPolicy policy = DecoderPolicy.load(base, MAX_BATCH_ROWS);
        GrpoTrainer trainer = Trainers.grpo().learningRate(1e-3).klCoefficient(0.02).trainer(policy)) {
      TuneRequest req = TuneRequest.builder().policy(policy).prompts(PromptSource.of(prompts())).generator(generator)
          .scorer(scorer).trainer(trainer).rounds(1).promptsPerStep(PROMPTS_PER_STEP).stepsPerRound(steps).seed(7)
          .collapseGuard(CollapseGuard.off()).build();
      long t0 = System.nanoTime();
      TuneResult r = Tao.tune(req);
      double seconds = (System.nanoTime() - t0) / 1e9;
      policy.save(saveTo);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(saveTo.resolve("model.safetensors")));
      return new Run(r, seconds, HexFormat.of().formatHex(d).substring(0, 16));
    }
  }

  static Map<String, Object> inProcess(Path base, int steps, Path work) throws Exception {
    Run run;
    try (Scorer scorer = ScorerRegistry.load().create(SCORER, OPTIONS)) {
      tune(base, sampling(), scorer, 1, work.resolve("in-process-warm")); // warm-up, as the cluster runs have
      run = tune(base, sampling(), scorer, steps, work.resolve("in-process"));
    }
    double waited = run.result().steps().stream().mapToDouble(StepMetrics::sampleSeconds).sum();
    return row("in process (driver samples)", 0, 0, run, waited, steps);
  }

  static Map<String, Object> cluster(Path base, int steps, Path work, int executors, int staleness) throws Exception {
    String name = executors + " executor" + (executors > 1 ? "s" : "") + (staleness > 0 ? ", staleness 1" : "");
    Path dir = work.resolve("cluster-" + executors + "-" + staleness);
    try (LoopbackCluster cluster = LoopbackCluster.start(dir, LoopbackCluster.currentClasspath(), executors, 1, "3g",
        Duration.ofSeconds(120))) {
      SparkSession spark = cluster.session("tao-throughput", "2g")
          .config("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -Xss4m -Dai.djl.pytorch.num_threads=1"
              + " -Dai.djl.pytorch.num_interop_threads=1")
          .getOrCreate();
      try {
        // Warm-up: every executor loads the engine and a first snapshot before the timed run.
        SparkGenerator warm = generator(spark, dir, 0);
        try (Scorer scorer = warm.newDriverScorer()) {
          tune(base, warm, scorer, 1, dir.resolve("warm"));
        }
        SparkGenerator gen = generator(spark, dir, staleness);
        Run run;
        try (Scorer scorer = gen.newDriverScorer()) {
          run = tune(base, gen, scorer, steps, dir.resolve("final"));
        }
        double waited = gen.reports().stream().mapToDouble(SparkStepReport::waitSeconds).sum();
        Map<String, Object> row = row(name, executors, staleness, run, waited, steps);
        row.put("executorSampleSeconds",
            round(gen.reports().stream().mapToDouble(SparkStepReport::sampleSeconds).sum()));
        row.put("executorScoreSeconds", round(gen.reports().stream().mapToDouble(SparkStepReport::scoreSeconds).sum()));
        row.put("publishSeconds", round(gen.reports().stream().mapToDouble(SparkStepReport::publishSeconds).sum()));
        row.put("executorsSeen", gen.reports().stream().flatMap(r -> r.executors().stream()).distinct().count());
        return row;
      } finally {
        spark.stop();
      }
    }
  }

  static SparkGenerator generator(SparkSession spark, Path dir, int staleness) {
    return SparkGenerator.builder().spark(spark).sampling(sampling()).scorer(SCORER, OPTIONS)
        .snapshotDir(dir.resolve("snapshots")).maxBatchRows(MAX_BATCH_ROWS).staleness(staleness)
        .stepTimeout(Duration.ofMinutes(10)).build();
  }

  static Map<String, Object> row(String name, int executors, int staleness, Run run, double waited, int steps) {
    long candidates = (long) steps * PROMPTS_PER_STEP * GROUP;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", name);
    m.put("executors", executors);
    m.put("staleness", staleness);
    m.put("runSeconds", round(run.seconds()));
    m.put("driverWaitSeconds", round(waited));
    m.put("driverIdleFraction", round(waited / run.seconds()));
    m.put("candidatesPerSecondOfWait", round(candidates / waited));
    m.put("candidatesPerSecondOfRun", round(candidates / run.seconds()));
    m.put("rewardPerStep", run.result().steps().stream().map(s -> round(s.rewardMean().orElse(Double.NaN))).toList());
    m.put("finalWeightsSha256", run.weights());
    return m;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> runs) {
    StringBuilder b = new StringBuilder("| run | run s | driver wait s | driver idle | candidates/s (wait) |"
        + " candidates/s (run) | reward per step | weights |\n|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : runs) {
      b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f%% | %.1f | %.1f | %s | %s |%n", r.get("run"),
          r.get("runSeconds"), r.get("driverWaitSeconds"), 100 * (double) r.get("driverIdleFraction"),
          r.get("candidatesPerSecondOfWait"), r.get("candidatesPerSecondOfRun"), r.get("rewardPerStep"),
          r.get("finalWeightsSha256")));
    }
    return b.toString();
  }
}
