package ai.tao.spark;

import ai.tao.api.ConfigurationException;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.generate.Generators;
import ai.tao.core.generate.SamplingGenerator;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A TAO run as a Spark application, for {@code spark-submit}: the driver reads the prompt table,
 * the executors sample and score each step's groups, the driver trains with GRPO and writes the
 * tuned model (Hugging Face layout) and {@code metrics.jsonl} to {@code out}.
 *
 * <p>Arguments, as {@code key=value}:
 * <pre>
 * base=DIR          the model to tune (Hugging Face folder)                    required
 * out=DIR           new folder for checkpoints, metrics and the tuned model     required
 * snapshots=DIR     storage every executor reads at the same path              required
 * prompts=PATH      the prompt table (see {@link SparkPrompts})                required unless format=jdbc
 * format=F          parquet | json | jdbc (the flywheel's inference table)     default parquet
 * url=JDBC_URL table=NAME   the inference table, for format=jdbc               table default inference
 * scorer=NAME       the scorer's SPI name; scorer.KEY=VALUE its options        required
 * candidates=8 temperature=1.0 maxNewTokens=64 promptsPerStep=16 stepsPerRound=0 (one pass) rounds=1
 * seed=0 learningRate=1e-5 kl=0.05 staleness=0 maxBatchRows=64
 * </pre>
 *
 * @since 0.5
 */
public final class TaoSparkJob {
  private static final Set<String> KEYS = Set.of("base", "out", "snapshots", "prompts", "format", "url", "table",
      "scorer", "candidates", "temperature", "maxNewTokens", "promptsPerStep", "stepsPerRound", "rounds", "seed",
      "learningRate", "kl", "staleness", "maxBatchRows");

  private TaoSparkJob() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("tao").getOrCreate();
    try {
      TuneResult r = run(spark, args);
      System.out.println("TAO on Spark: " + r.steps().size() + " steps, " + r.seconds() + " s");
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the job on {@code spark}.
   *
   * @throws ConfigurationException naming an unknown, missing or malformed argument
   */
  public static TuneResult run(SparkSession spark, String... args) {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> scorerOptions = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("argument '" + arg + "' is not key=value; known keys: " + new TreeSet<>(KEYS));
      }
      String key = arg.substring(0, eq);
      if (key.startsWith("scorer.")) {
        scorerOptions.put(key.substring("scorer.".length()), arg.substring(eq + 1));
      } else if (KEYS.contains(key)) {
        a.put(key, arg.substring(eq + 1));
      } else {
        throw new ConfigurationException("unknown argument '" + key + "'; known keys: " + new TreeSet<>(KEYS)
            + " and scorer.<option>");
      }
    }
    String format = a.getOrDefault("format", "parquet");
    PromptSource prompts = switch (format) {
      case "parquet" -> SparkPrompts.from(spark.read().parquet(required(a, "prompts")));
      case "json" -> SparkPrompts.from(spark.read().json(required(a, "prompts")));
      case "jdbc" -> {
        Dataset<Row> table = spark.read().jdbc(required(a, "url"), a.getOrDefault("table", "inference"),
            new Properties());
        yield SparkPrompts.fromInferenceTable(table, true);
      }
      default -> throw new ConfigurationException("format must be parquet, json or jdbc, got '" + format + "'");
    };
    int maxBatchRows = integer(a, "maxBatchRows", DecoderPolicy.DEFAULT_MAX_BATCH_ROWS);
    SamplingGenerator sampling = Generators.sampling().candidatesPerPrompt(integer(a, "candidates", 8))
        .temperature(number(a, "temperature", 1.0)).maxNewTokens(integer(a, "maxNewTokens", 64)).build();
    SparkGenerator generator = SparkGenerator.builder().spark(spark).sampling(sampling)
        .scorer(required(a, "scorer"), new ScorerOptions(scorerOptions)).snapshotDir(Path.of(required(a, "snapshots")))
        .maxBatchRows(maxBatchRows).staleness(integer(a, "staleness", 0)).build();
    Path out = Path.of(required(a, "out"));
    try (DecoderPolicy policy = DecoderPolicy.load(Path.of(required(a, "base")), maxBatchRows);
        GrpoTrainer trainer = Trainers.grpo().learningRate(number(a, "learningRate", 1e-5))
            .klCoefficient(number(a, "kl", 0.05)).trainer(policy);
        Scorer scorer = generator.newDriverScorer()) {
      TuneResult r = Tao.tune(TuneRequest.builder().policy(policy).prompts(prompts).generator(generator).scorer(scorer)
          .trainer(trainer).rounds(integer(a, "rounds", 1)).promptsPerStep(integer(a, "promptsPerStep", 16))
          .stepsPerRound(integer(a, "stepsPerRound", 0)).seed(integer(a, "seed", 0)).outputDir(out)
          .collapseGuard(CollapseGuard.defaults()).build());
      policy.save(out.resolve("tuned"));
      return r;
    }
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigurationException("missing argument " + key + "=...; see TaoSparkJob for the arguments");
    }
    return v;
  }

  private static int integer(Map<String, String> a, String key, int dflt) {
    try {
      return a.containsKey(key) ? Integer.parseInt(a.get(key)) : dflt;
    } catch (NumberFormatException e) {
      throw new ConfigurationException("argument " + key + " must be an integer, got '" + a.get(key) + "'");
    }
  }

  private static double number(Map<String, String> a, String key, double dflt) {
    try {
      return a.containsKey(key) ? Double.parseDouble(a.get(key)) : dflt;
    } catch (NumberFormatException e) {
      throw new ConfigurationException("argument " + key + " must be a number, got '" + a.get(key) + "'");
    }
  }
}
