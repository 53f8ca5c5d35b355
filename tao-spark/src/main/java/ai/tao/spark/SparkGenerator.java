package ai.tao.spark;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.GenerationException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.api.ScoredRollout;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.ScoringException;
import ai.tao.api.ScoringGenerator;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.generate.SamplingGenerator;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.spark.Wire.WirePrompt;
import ai.tao.spark.Wire.WireRollout;
import ai.tao.spark.Wire.WireSampling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages 1 and 2 on a Spark cluster: each step's prompts are cut into shards, one Spark task each;
 * an executor samples its shard from the step's policy snapshot and scores it with the scorer named
 * by its SPI name, and the driver gets the scored rollouts back in prompt order. The driver's loop
 * ({@link ai.tao.core.Tao#tune}) trains as it does in process.
 *
 * <p>Each call publishes the driver policy's current weights as a snapshot folder under {@link
 * Builder#snapshotDir} (storage every executor can read); an executor JVM loads each snapshot once
 * per task slot and keeps it for the step's later tasks. Shards are whole multiples of the policy's
 * batch alignment ({@link Policy#shardAlignment}), and each candidate draws its in-process random
 * stream ({@link Policy#sampleShard}), so the rollouts equal in-process sampling bit for bit. (A
 * LoRA policy's snapshot is its verified merged export: its rollouts match in-process sampling of
 * base plus adapters within the merge's rounding, not bit for bit.)
 *
 * <p>Failures: a lost executor's tasks are run again by Spark, with the same shard and seed, so
 * the step's result does not change; a scorer that fails fails the step with a {@link
 * ScoringException} naming the prompt and the executor (a policy that cannot sample a shard fails it
 * with a {@link GenerationException} or {@link ConfigurationException}, not retried: it would fail
 * the same way again); a step not done within {@link
 * Builder#stepTimeout} is cancelled and fails with a {@link GenerationException} saying so.
 *
 * @since 0.5
 */
public final class SparkGenerator implements ScoringGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(SparkGenerator.class);

  private final JavaSparkContext spark;
  private final SamplingGenerator sampling;
  private final String scorer;
  private final LinkedHashMap<String, String> scorerOptions;
  private final SnapshotPublisher snapshots;
  private final int promptsPerTask;
  private final int maxBatchRows;
  private final Duration stepTimeout;
  private final List<SparkStepReport> reports = new ArrayList<>();
  private final int staleness;
  private boolean warnedAlignment;
  /** The next step's job, started by {@link #prefetch} while the driver trains. */
  private Pending prefetched;

  private SparkGenerator(Builder b) {
    this.spark = b.spark;
    this.sampling = b.sampling;
    this.scorer = b.scorer;
    this.scorerOptions = new LinkedHashMap<>(b.scorerOptions.values());
    this.snapshots = new SnapshotPublisher(b.snapshotDir);
    this.promptsPerTask = b.promptsPerTask;
    this.maxBatchRows = b.maxBatchRows;
    this.stepTimeout = b.stepTimeout;
    this.staleness = b.staleness;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String scorerName() {
    return scorer;
  }

  /**
   * A new instance of the executors' scorer on the driver, for the run's {@link
   * ai.tao.core.TuneRequest}: the loop names it in its log and asks it for each candidate's answer in
   * the step metrics. The caller closes it.
   */
  public Scorer newDriverScorer() {
    return ScorerRegistry.load().create(scorer, new ScorerOptions(scorerOptions));
  }

  /** The step reports so far, oldest first. */
  public List<SparkStepReport> reports() {
    return List.copyOf(reports);
  }

  /** The folder this generator publishes its snapshots into. */
  public Path snapshotFolder() {
    return snapshots.root();
  }

  /** A step's job on the cluster, submitted and not yet collected. */
  private record Pending(List<Prompt> prompts, long seed, SamplingParams params, List<ShardTask> tasks, Path snapshot,
      int version, double publishSeconds, JavaFutureAction<List<ShardResult>> job) {}

  @Override
  public List<ScoredRollout> generateScored(Policy policy, List<Prompt> prompts, long seed) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(prompts, "prompts");
    if (prompts.isEmpty()) {
      return List.of();
    }
    long t0 = System.nanoTime();
    Pending p = prefetched;
    prefetched = null;
    boolean stale = p != null && p.seed() == seed && p.prompts().equals(prompts);
    if (!stale) {
      if (p != null) {
        p.job().cancel(true); // the loop asked for other prompts (after a rollback, say)
      }
      p = submit(policy, prompts, seed);
    }
    List<ShardResult> results = await(p);
    return assemble(p, results, (System.nanoTime() - t0) / 1e9, stale);
  }

  /**
   * With {@link Builder#staleness} 1, starts sampling the next step now, from the policy's current
   * weights, while the driver trains; on-policy (staleness 0, the default) it does nothing.
   */
  @Override
  public void prefetch(Policy policy, List<Prompt> prompts, long seed) {
    if (staleness == 0 || prompts.isEmpty()) {
      return;
    }
    if (prefetched != null) {
      prefetched.job().cancel(true);
    }
    prefetched = submit(policy, List.copyOf(prompts), seed);
  }

  private Pending submit(Policy policy, List<Prompt> prompts, long seed) {
    long t0 = System.nanoTime();
    SamplingParams params = sampling.params().toBuilder().seed(seed).build();
    int n = params.candidatesPerPrompt();
    int align = DecoderPolicy.shardAlignment(maxBatchRows, n);
    if (policy.shardAlignment(n) != align && !warnedAlignment) {
      warnedAlignment = true;
      LOG.warn("policy '{}' batches {} candidates per prompt in shards of {} prompts, the executors (maxBatchRows {})"
          + " in shards of {}: candidates keep their random streams, but their logits may round otherwise than in"
          + " process; set maxBatchRows to the policy's", policy.name(), n, policy.shardAlignment(n), maxBatchRows,
          align);
    }
    int perTask = ((Math.max(promptsPerTask, 1) + align - 1) / align) * align;
    Path snapshot = snapshots.publish(policy);
    double publishSeconds = (System.nanoTime() - t0) / 1e9;
    List<ShardTask> tasks = new ArrayList<>();
    WireSampling wireSampling = WireSampling.of(params);
    for (int from = 0, shard = 0; from < prompts.size(); from += perTask, shard++) {
      ArrayList<WirePrompt> given = new ArrayList<>();
      ArrayList<WirePrompt> rendered = new ArrayList<>();
      for (Prompt p : prompts.subList(from, Math.min(prompts.size(), from + perTask))) {
        given.add(WirePrompt.of(p));
        rendered.add(WirePrompt.of(sampling.template().apply(p)));
      }
      tasks.add(new ShardTask(shard, from, given, rendered, snapshot.toString(), maxBatchRows, wireSampling, scorer,
          scorerOptions));
    }
    spark.setJobDescription("TAO sampling and scoring of " + tasks.size() + " shards, snapshot "
        + snapshot.getFileName());
    JavaFutureAction<List<ShardResult>> job = spark.parallelize(tasks, tasks.size()).map(ShardWork::run).collectAsync();
    return new Pending(prompts, seed, params, tasks, snapshot, snapshots.version(), publishSeconds, job);
  }

  private List<ShardResult> await(Pending p) {
    try {
      return new ArrayList<>(p.job().get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      p.job().cancel(true);
      throw new GenerationException("sampling and scoring " + p.tasks().size() + " shards of snapshot "
          + p.snapshot().getFileName() + " did not finish within the step timeout " + stepTimeout + "; the Spark job"
          + " is cancelled. Raise stepTimeout, or check the executors (Spark UI) for a stuck task", e);
    } catch (InterruptedException e) {
      p.job().cancel(true);
      Thread.currentThread().interrupt();
      throw new GenerationException("interrupted while waiting for the executors' shards of snapshot "
          + p.snapshot().getFileName(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new GenerationException("the Spark job sampling snapshot " + p.snapshot().getFileName() + " failed: "
          + cause.getMessage(), cause);
    }
  }

  private List<ScoredRollout> assemble(Pending p, List<ShardResult> results, double waitSeconds, boolean stale) {
    results.sort(Comparator.comparingInt(ShardResult::shard));
    List<ScoredRollout> out = new ArrayList<>(p.prompts().size());
    LinkedHashSet<String> executors = new LinkedHashSet<>();
    LinkedHashMap<String, Double> counters = new LinkedHashMap<>();
    double sampleS = 0;
    double scoreS = 0;
    for (ShardResult r : results) {
      if (r.failure() != null) {
        String msg = r.failure() + " (shard " + r.shard() + " of snapshot " + p.snapshot().getFileName() + ", "
            + r.executor() + ")";
        throw switch (r.failureType()) {
          case "scoring:DataInputException", "sampling:DataInputException" -> new DataInputException(msg);
          case "sampling:ConfigurationException", "scoring:ConfigurationException" -> new ConfigurationException(msg);
          default -> r.failureType().startsWith("sampling:") ? new GenerationException(msg) : new ScoringException(msg);
        };
      }
      executors.add(r.executor());
      sampleS += r.sampleNanos() / 1e9;
      scoreS += r.scoreNanos() / 1e9;
      r.scorerCounters().forEach((k, v) -> counters.merge(k, v, Double::sum));
      ShardTask task = p.tasks().get(r.shard());
      List<WireRollout> rs = r.rollouts();
      for (int i = 0; i < rs.size(); i++) {
        out.add(rs.get(i).toScored(p.prompts().get(task.firstPrompt() + i), p.params()));
      }
    }
    if (out.size() != p.prompts().size()) {
      throw new GenerationException("the executors returned " + out.size() + " scored rollouts for "
          + p.prompts().size() + " prompts of snapshot " + p.snapshot().getFileName());
    }
    reports.add(new SparkStepReport(p.version(), stale, p.tasks().size(), executors, waitSeconds, p.publishSeconds(),
        sampleS, scoreS, (long) p.prompts().size() * p.params().candidatesPerPrompt(), counters));
    return out;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>(sampling.settings());
    m.put("scorer", scorer);
    m.put("scorerOptions", scorerOptions);
    m.put("promptsPerTask", promptsPerTask);
    m.put("maxBatchRows", maxBatchRows);
    m.put("stepTimeout", stepTimeout.toString());
    m.put("staleness", staleness);
    m.put("master", spark.master());
    return m;
  }

  /** Builder; {@link #spark}, {@link #sampling}, {@link #scorer} and {@link #snapshotDir} are required. */
  public static final class Builder {
    private JavaSparkContext spark;
    private SamplingGenerator sampling;
    private String scorer;
    private ScorerOptions scorerOptions = ScorerOptions.empty();
    private Path snapshotDir;
    private int promptsPerTask = 1;
    private int maxBatchRows = DecoderPolicy.DEFAULT_MAX_BATCH_ROWS;
    private Duration stepTimeout = Duration.ofMinutes(30);
    private int staleness;

    private Builder() {}

    /** The Spark session whose cluster samples and scores. */
    public Builder spark(SparkSession session) {
      return spark(JavaSparkContext.fromSparkContext(Objects.requireNonNull(session, "session").sparkContext()));
    }

    /** The Spark context whose cluster samples and scores. */
    public Builder spark(JavaSparkContext context) {
      spark = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Group size, temperature, answer budget, stop strings and template: as in process. */
    public Builder sampling(SamplingGenerator generator) {
      sampling = Objects.requireNonNull(generator, "generator");
      return this;
    }

    /** The scorer every executor builds by its SPI name (it must be on the executors' classpath). */
    public Builder scorer(String name, ScorerOptions options) {
      scorer = Objects.requireNonNull(name, "name");
      scorerOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Where snapshots are published: storage every executor reads at the same path (an NFS mount, say). */
    public Builder snapshotDir(Path dir) {
      snapshotDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Prompts per Spark task, rounded up to a multiple of the batch alignment; default 1, so each
     * task holds the fewest whole batches and the tasks spread over the most executors.
     */
    public Builder promptsPerTask(int n) {
      promptsPerTask = n;
      return this;
    }

    /**
     * The batch size the executors sample in; default {@link DecoderPolicy#DEFAULT_MAX_BATCH_ROWS}.
     * Match the driver policy's, so shards are sampled in its batches.
     */
    public Builder maxBatchRows(int n) {
      maxBatchRows = n;
      return this;
    }

    /** The longest a step's sampling and scoring may take before it is cancelled; default 30 minutes. */
    public Builder stepTimeout(Duration d) {
      stepTimeout = Objects.requireNonNull(d, "d");
      return this;
    }

    /**
     * How many updates old the weights a step samples from may be: 0 (the default) samples each step
     * from the weights its update starts from (on-policy); 1 samples the next step while the driver
     * trains, from the weights before that update, so the cluster does not wait for the driver.
     * GRPO's clipped ratio is taken against the log-probabilities the candidates were sampled with.
     */
    public Builder staleness(int steps) {
      staleness = steps;
      return this;
    }

    /**
     * @throws ConfigurationException naming what is missing or out of range, or a scorer name that no
     *     SPI factory on the driver's classpath has (the message lists those it has)
     */
    public SparkGenerator build() {
      List<String> missing = new ArrayList<>();
      if (spark == null) {
        missing.add("spark");
      }
      if (sampling == null) {
        missing.add("sampling");
      }
      if (scorer == null) {
        missing.add("scorer");
      }
      if (snapshotDir == null) {
        missing.add("snapshotDir");
      }
      if (!missing.isEmpty()) {
        throw new ConfigurationException("SparkGenerator is missing " + String.join(", ", missing));
      }
      if (promptsPerTask <= 0 || maxBatchRows <= 0) {
        throw new ConfigurationException("need promptsPerTask > 0 and maxBatchRows > 0, got " + promptsPerTask + " and "
            + maxBatchRows);
      }
      if (staleness < 0 || staleness > 1) {
        throw new ConfigurationException("staleness must be 0 (on-policy) or 1 (one update stale), got " + staleness);
      }
      if (stepTimeout.isNegative() || stepTimeout.isZero()) {
        throw new ConfigurationException("stepTimeout must be positive, got " + stepTimeout);
      }
      ScorerRegistry registry = ScorerRegistry.load();
      if (registry.factory(scorer).isEmpty()) {
        throw new ConfigurationException("no scorer named '" + scorer + "' on the driver's classpath; scorers found: "
            + registry.names() + ". Put the plugin's jar on the driver's and the executors' classpath");
      }
      return new SparkGenerator(this);
    }
  }

  @Override
  public String toString() {
    return "SparkGenerator[" + spark.master() + ", scorer " + scorer + ", snapshots " + snapshots.root() + "]";
  }
}
