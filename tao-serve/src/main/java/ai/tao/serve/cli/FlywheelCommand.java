package ai.tao.serve.cli;

import ai.tao.api.ConfigurationException;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.tao.core.data.LabeledFiles;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.observe.Listeners;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.rewards.sql.SqlResultGrader;
import ai.tao.serve.Gateway;
import ai.tao.serve.flywheel.Flywheel;
import ai.tao.serve.flywheel.FlywheelSchedule;
import ai.tao.serve.flywheel.TablePromptSource;
import ai.tao.serve.flywheel.TurnReport;
import ai.tao.serve.registry.EvaluationGate;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import ai.tao.serve.table.InferenceTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tao flywheel}: one turn of the flywheel (capture, filter, tune, gate, promote or reject) on
 * the inference table, or, with {@code --every}, a turn per period; with {@code --serve} it also
 * serves the registry's current version in the same process and hot-swaps each promoted one.
 *
 * <p>An embedded H2 table is held by one process: to tune from the table of a running {@code tao
 * serve}, use {@code --serve} here instead (or a shared database through {@code --jdbc}).
 *
 * @since 0.5
 */
@Command(name = "flywheel",
    description = "Tune the registry's current version on the traffic captured since the last turn; promote the"
        + " result only if the evaluation gate passes.")
public final class FlywheelCommand extends Subcommand {

  @Option(names = "--registry", required = true, paramLabel = "DIR", description = "the model registry")
  Path registry;

  @Option(names = "--work", defaultValue = "tao-flywheel", paramLabel = "DIR",
      description = "datasets, watermark and run folders (default: ${DEFAULT-VALUE})")
  Path work;

  @Mixin
  GatewayOptions.Table capture;

  @Mixin
  TuneOptions tune;

  @Option(names = "--gate-fraction", defaultValue = "" + Flywheel.Builder.DEFAULT_GATE_FRACTION,
      description = "share of each turn's prompts held out for the gate (default: ${DEFAULT-VALUE})")
  double gateFraction;

  @Option(names = "--margin", description = "score the candidate must gain on the held-out prompts (default: the gate's)")
  Double margin;

  @Option(names = "--min-new-rows", defaultValue = "" + Flywheel.Builder.DEFAULT_MIN_NEW_ROWS, description = "rows a turn needs (default: ${DEFAULT-VALUE})")
  int minNewRows;

  @Option(names = "--canary", paramLabel = "FILE", description = "a small labeled JSONL set the candidate must not regress on")
  Path canary;

  @Option(names = "--canary-max-regression", paramLabel = "POINTS",
      description = "pass@1 points the canary may lose (default: the gate's)")
  Double canaryMaxRegression;

  @Mixin
  GraderOptions canaryGrading;

  @Option(names = "--every", paramLabel = "DURATION",
      description = "run a turn every DURATION (30m, 6h, or ISO PT6H) until stopped; default: one turn")
  String every;

  @Option(names = "--serve", description = "also serve the current version here, hot-swapped on promotion (needs --every)")
  boolean serve;

  @Mixin
  GatewayOptions serving;

  /** What a run opened, closed in {@link #shutdown()} in the one safe order. */
  private InferenceTable table;
  private Scorer scorer;
  private SqlResultGrader sql;
  private DecoderPolicy served;
  private Gateway gateway;
  private Flywheel flywheel;
  private FlywheelSchedule schedule;
  private final AtomicBoolean shut = new AtomicBoolean();

  @Override
  public Integer call() throws InterruptedException {
    if (serve && every == null) {
      throw new ConfigurationException("--serve needs --every: serving while one turn runs and then exiting serves nobody");
    }
    Duration period = every == null ? null : parse(every);
    ModelRegistry models = ModelRegistry.open(registry);
    ModelVersion current = models.current().orElseThrow(() -> new ConfigurationException("registry " + registry
        + " has no current version; put a base model in it (ModelRegistry.register) and run tao promote --registry "
        + registry + " VERSION"));
    SamplingParams sampling = tune.sampling();
    try {
      table = capture.open();
      scorer = tune.scorer();
      sql = canary != null ? canaryGrading.sqlGrader() : null;
      TablePromptSource traffic = TablePromptSource.builder().table(table).directory(work.resolve("intake")).build();
      Flywheel.Builder fw = Flywheel.builder().registry(models).prompts(traffic).scorer(scorer).sampling(sampling)
          .trainer(tune::trainer).gate(gate(sql, sampling)).gateFraction(gateFraction).minNewRows(minNewRows)
          .promptsPerStep(tune.promptsPerStep).stepsPerTurn(tune.steps).seed(tune.seed).workDirectory(work)
          .listener(Listeners.console());
      tune.settings().forEach(fw::setting);
      if (serve) {
        served = models.load(current, DecoderPolicy::load);
        gateway = serving.gateway().policy(served, current.id()).inferenceTable(table).build().start();
        fw.gateway(gateway);
        System.err.println("serving version " + current.id() + " at " + gateway.baseUri());
      }
      flywheel = fw.build();
      if (period == null) {
        out().println(flywheel.turn().summary());
        return 0;
      }
      schedule = flywheel.every(period, r -> out().println(r.summary()));
      CountDownLatch closed = new CountDownLatch(1);
      // Ctrl-C, SIGTERM: the JVM halts once the hooks return, so the closing happens here, in order
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shutdown();
        closed.countDown();
      }, "tao-flywheel-shutdown"));
      closed.await();
      return 0;
    } finally {
      shutdown();
    }
  }

  /**
   * Lets a running turn finish (up to 10 minutes), then closes the gateway (answering what is in
   * flight), the flywheel (the policy it swapped in), the first served policy, the scorer and the
   * table (flushing every captured row). Once only.
   */
  private void shutdown() {
    if (!shut.compareAndSet(false, true)) {
      return;
    }
    if (schedule != null) {
      try {
        if (!schedule.close(Duration.ofMinutes(10))) {
          System.err.println("tao flywheel: the running turn did not end within 10 minutes; closing anyway (its"
              + " dataset stays pending, and the next run carries it on)");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (AutoCloseable c : new AutoCloseable[] {gateway, flywheel, served, sql, scorer, table}) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("tao flywheel: closing " + c + " failed: " + e);
      }
    }
  }

  private EvaluationGate.Builder gate(SqlResultGrader sql, SamplingParams sampling) {
    EvaluationGate.Builder g = EvaluationGate.builder();
    if (margin != null) {
      g.margin(margin);
    }
    if (canary != null) {
      g.canary(Evaluation.builder().examples(LabeledFiles.jsonl(canary)).grader(canaryGrading.grader(sql))
          .maxNewTokens(sampling.maxNewTokens()).stopStrings(sampling.stopStrings()).build());
      if (canaryMaxRegression != null) {
        g.maxCanaryRegressionPoints(canaryMaxRegression);
      }
    } else if (canaryMaxRegression != null) {
      throw new ConfigurationException("--canary-max-regression needs --canary FILE");
    }
    return g;
  }

  /** {@code 30m}, {@code 6h}, {@code 90s}, {@code 2d} or an ISO-8601 duration such as {@code PT6H}. */
  static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new ConfigurationException("--every '" + text + "' is not a duration; write 30m, 6h, 90s, 2d or PT6H");
    }
  }
}
