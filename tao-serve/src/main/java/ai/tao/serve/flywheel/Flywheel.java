package ai.tao.serve.flywheel;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Generator;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.tao.api.TaoListener;
import ai.tao.api.Trainer;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.generate.Generators;
import ai.tao.core.io.Durable;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.Trainers;
import ai.tao.serve.Gateway;
import ai.tao.serve.registry.EvaluationGate;
import ai.tao.serve.registry.GateDecision;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import ai.tao.serve.registry.Registration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TAO's fourth stage: one turn takes the traffic captured since the last turn, tunes the current
 * version on it, and promotes the result only through an evaluation gate.
 *
 * <pre>{@code
 * Flywheel flywheel = Flywheel.builder()
 *     .registry(registry)               // versions, the current pointer
 *     .prompts(traffic)                 // a TablePromptSource over the gateway's inference table
 *     .scorer(scorer).sampling(sampling) // label-free rewards, the group to sample
 *     .workDirectory(Path.of("flywheel"))
 *     .gateway(gateway)                 // hot-swapped on promotion
 *     .build();
 * TurnReport r = flywheel.turn();       // or flywheel.every(Duration.ofHours(6), report -> ...)
 * }</pre>
 *
 * <p><b>A turn</b>:
 *
 * <ol>
 *   <li><b>Capture.</b> Unless a dataset is pending from an interrupted turn, the turn needs {@link
 *       Builder#minNewRows} rows after the source's watermark; with fewer it does nothing ({@link
 *       TurnReport.Outcome#NOT_ENOUGH_DATA}).
 *   <li><b>Filter.</b> The {@link TablePromptSource} scrubs PII, drops duplicates (of earlier
 *       rounds too) and, if configured, prompts the policy answers unanimously, and writes the
 *       round's versioned dataset.
 *   <li><b>Hold out.</b> A share ({@link Builder#gateFraction}, by a hash of each prompt's content)
 *       is kept out of training for the gate; both sides are put in content order, so the turn does
 *       not depend on the order in which concurrent requests reached the table.
 *   <li><b>Tune.</b> One {@link Tao#tune} round on the rest, starting from a fresh copy of the
 *       registry's current version, in {@code WORK/runs/dataset-NNNN}, with resume states every
 *       {@link Builder#checkpointEvery} steps: a turn killed mid-round resumes there.
 *   <li><b>Gate.</b> The {@link EvaluationGate} compares the candidate with another fresh copy of
 *       the current version on the held-out prompts, scored by the round's scorer.
 *   <li><b>Register</b> the candidate, approved or rejected, with its parent, dataset, settings and
 *       the gate's numbers in its manifest; then <b>commit</b> the dataset (the watermark moves).
 *   <li><b>Promote</b> it if the gate passed, and swap the gateway to it without dropping in-flight
 *       requests; the policy the gateway stops serving is closed once its last request is answered.
 * </ol>
 *
 * <p>Nothing here reads a label: the gate's optional canary set is the one labeled part, and it
 * lives inside the {@link EvaluationGate}. Turns run one at a time ({@code synchronized}); the
 * scorer and the gateway stay the caller's to close.
 *
 * @since 0.5
 */
public final class Flywheel {
  private static final Logger LOG = LoggerFactory.getLogger(Flywheel.class);

  private final ModelRegistry registry;
  private final TablePromptSource source;
  private final Scorer scorer;
  private final SamplingParams sampling;
  private final Function<DecoderPolicy, Trainer> trainer;
  private final EvaluationGate.Builder gate;
  private final double gateFraction;
  private final int minNewRows;
  private final int promptsPerStep;
  private final int stepsPerTurn;
  private final long seed;
  private final int checkpointEvery;
  private final Path workDirectory;
  private final Gateway gateway;
  private final Function<Path, DecoderPolicy> loader;
  private final List<TaoListener> listeners;
  private final Map<String, String> settings;
  private final CollapseGuard collapseGuard;
  private int turns;

  private Flywheel(Builder b) {
    this.registry = b.registry;
    this.source = b.source;
    this.scorer = b.scorer;
    this.sampling = b.sampling;
    this.trainer = b.trainer;
    this.gate = b.gate;
    this.gateFraction = b.gateFraction;
    this.minNewRows = b.minNewRows;
    this.promptsPerStep = b.promptsPerStep;
    this.stepsPerTurn = b.stepsPerTurn;
    this.seed = b.seed;
    this.checkpointEvery = b.checkpointEvery;
    this.workDirectory = b.workDirectory;
    this.gateway = b.gateway;
    this.loader = b.loader;
    this.listeners = List.copyOf(b.listeners);
    this.settings = Map.copyOf(b.settings);
    this.collapseGuard = b.collapseGuard;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one turn: capture, filter, tune, gate, then promote or reject.
   *
   * @throws ConfigurationException if the registry has no current version
   * @throws ai.tao.api.TaoException as the parts throw it (a scorer failure, an unreadable table);
   *     the dataset then stays pending, and the next turn serves it again
   */
  public synchronized TurnReport turn() {
    long t0 = System.nanoTime();
    ModelVersion current = registry.current().orElseThrow(() -> new ConfigurationException("registry "
        + registry.dir() + " has no current version: register the base model and promote it before the first turn"));
    if (source.pending().isEmpty() && source.unreadRows(minNewRows) < minNewRows) {
      LOG.info("flywheel: fewer than {} new rows after row {}; nothing to tune", minNewRows, source.watermark());
      return idle(Optional.empty(), current, t0);
    }
    List<Prompt> prompts = source.prompts(turns++);
    Optional<DatasetManifest> dataset = source.pending();
    if (dataset.isEmpty() || prompts.size() < 2) {
      source.commit();
      LOG.info("flywheel: {} prompt(s) left after filtering; nothing to tune", prompts.size());
      return idle(dataset, current, t0);
    }
    DatasetManifest m = dataset.get();
    Split split = Split.of(prompts, gateFraction); // by content, in content order: arrival order changes nothing
    long turnSeed = seed + m.round();
    TuneResult tuned;
    GateDecision decision;
    ModelVersion candidateVersion;
    try (DecoderPolicy candidate = registry.load(current, loader); Trainer t = trainer.apply(candidate)) {
      tuned = Tao.tune(request(candidate, t, split.train(), runDirectory(m), turnSeed));
      try (DecoderPolicy incumbent = registry.load(current, loader)) {
        decision = gate.shadowPrompts(split.gate()).scorer(scorer).sampling(sampling.toBuilder().seed(turnSeed).build())
            .build().evaluate(candidate, incumbent);
      }
      candidateVersion = registry.register(candidate, registration(current, m, tuned, decision));
    }
    source.commit();
    if (decision.promote()) {
      registry.promote(candidateVersion.id());
      swapGateway(candidateVersion);
    }
    TurnReport report = new TurnReport(decision.promote() ? TurnReport.Outcome.PROMOTED : TurnReport.Outcome.REJECTED,
        Optional.of(m), split.train().size(), split.gate().size(), Optional.of(current.id()),
        Optional.of(TurnReport.TuneSummary.of(tuned)), Optional.of(decision), Optional.of(candidateVersion),
        seconds(t0));
    LOG.info("flywheel: {}", report.summary());
    return report;
  }

  /**
   * Runs {@link #turn()} every {@code period} (after the previous turn ends) on a daemon thread,
   * until the returned schedule is closed. A turn that throws is logged and counted; the next turn
   * still runs.
   */
  public FlywheelSchedule every(java.time.Duration period, java.util.function.Consumer<TurnReport> onTurn) {
    return FlywheelSchedule.start(this, period, onTurn);
  }

  private TurnReport idle(Optional<DatasetManifest> dataset, ModelVersion current, long t0) {
    return new TurnReport(TurnReport.Outcome.NOT_ENOUGH_DATA, dataset, 0, 0, Optional.of(current.id()),
        Optional.empty(), Optional.empty(), Optional.empty(), seconds(t0));
  }

  private TuneRequest request(DecoderPolicy candidate, Trainer t, List<Prompt> train, Path runDir, long turnSeed) {
    Generator generator = Generators.sampling(sampling).build();
    TuneRequest.Builder b = TuneRequest.builder().policy(candidate).prompts(PromptSource.of(train)).generator(generator)
        .scorer(scorer).trainer(t).rounds(1).promptsPerStep(Math.min(promptsPerStep, train.size()))
        .stepsPerRound(stepsPerTurn).seed(turnSeed).outputDir(runDir).checkpointEvery(checkpointEvery);
    if (collapseGuard != null) {
      b.collapseGuard(collapseGuard);
    }
    listeners.forEach(b::listener);
    return b.build();
  }

  /**
   * This dataset's run folder: kept when it holds resume states (an interrupted turn resumes), else
   * cleared, since a folder without them cannot be resumed and a new run needs it empty.
   */
  private Path runDirectory(DatasetManifest m) {
    Path dir = workDirectory.resolve("runs").resolve(String.format(Locale.ROOT, "dataset-%04d", m.round()));
    if (Files.isDirectory(dir) && !Files.isDirectory(dir.resolve("state"))) {
      Durable.deleteTree(dir);
    }
    return dir;
  }

  private Registration registration(ModelVersion parent, DatasetManifest m, TuneResult tuned, GateDecision d) {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put("flywheel.steps_per_turn", Integer.toString(stepsPerTurn));
    s.put("flywheel.prompts_per_step", Integer.toString(promptsPerStep));
    s.put("flywheel.seed", Long.toString(seed));
    s.put("flywheel.gate_fraction", Double.toString(gateFraction));
    s.put("scorer", scorer.name());
    s.put("sampling", sampling.toString());
    TurnReport.TuneSummary t = TurnReport.TuneSummary.of(tuned);
    Registration.Builder r = Registration.builder().parent(parent.id())
        .datasetVersion(m.file()).settings(s).gate(d)
        .metric("tune.steps", t.steps()).metric("dataset.kept", m.kept()).metric("dataset.rows_read", m.rowsRead());
    if (!Double.isNaN(t.meanReward())) {
      r.metric("tune.mean_reward", t.meanReward());
    }
    return r.build();
  }

  private void swapGateway(ModelVersion v) {
    if (gateway == null) {
      return;
    }
    DecoderPolicy next = registry.load(v, loader);
    gateway.swap(next, v.id()).whenComplete((old, error) -> {
      if (error != null) {
        LOG.error("flywheel: the gateway did not take version {}: {}", v.id(), error.toString());
        next.close();
      } else {
        old.close();
      }
    });
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * The turn's prompts split into training and gate prompts by a hash of their content, each side in
   * content order. Concurrent clients land in the table in whatever order their requests finish, so
   * the row ids (and the prompt ids made from them) differ from run to run; content does not, so the
   * same traffic gives the same split, the same training order and the same tuned weights.
   */
  record Split(List<Prompt> train, List<Prompt> gate) {
    static Split of(List<Prompt> prompts, double gateFraction) {
      List<Prompt> sorted = new ArrayList<>(prompts);
      sorted.sort(java.util.Comparator.comparing(Split::content));
      List<Prompt> train = new ArrayList<>();
      List<Prompt> gate = new ArrayList<>();
      for (Prompt p : sorted) {
        (bucket(content(p)) < gateFraction ? gate : train).add(p);
      }
      // both sides need a prompt: move the one nearest the boundary
      if (gate.isEmpty()) {
        gate.add(train.remove(train.size() - 1));
      } else if (train.isEmpty()) {
        train.add(gate.remove(gate.size() - 1));
      }
      return new Split(List.copyOf(train), List.copyOf(gate));
    }

    /** What the prompt says: its text, or its messages with their roles. */
    static String content(Prompt p) {
      if (!p.isChat()) {
        return "text\u0000" + p.text();
      }
      StringBuilder b = new StringBuilder("chat");
      p.messages().forEach(msg -> b.append('\u0000').append(msg.role()).append('\u0001').append(msg.content()));
      return b.toString();
    }

    /** A uniform number in [0, 1) from a string: the same on every run. */
    static double bucket(String id) {
      long h = 1125899906842597L;
      for (int i = 0; i < id.length(); i++) {
        h = 31 * h + id.charAt(i);
      }
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      return (h >>> 11) * 0x1.0p-53;
    }
  }

  /** Builds a {@link Flywheel}; registry, prompts, scorer, sampling and work directory are required. */
  public static final class Builder {
    /** Default share of each turn's prompts held out for the gate. */
    public static final double DEFAULT_GATE_FRACTION = 0.2;
    /** Default minimum of new rows for a turn to run. */
    public static final int DEFAULT_MIN_NEW_ROWS = 32;
    /** Default prompts per optimizer step. */
    public static final int DEFAULT_PROMPTS_PER_STEP = 4;
    /** Default resume-state interval, in steps. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 10;

    private ModelRegistry registry;
    private TablePromptSource source;
    private Scorer scorer;
    private SamplingParams sampling;
    private Function<DecoderPolicy, Trainer> trainer = p -> Trainers.grpo().trainer(p);
    private EvaluationGate.Builder gate = EvaluationGate.builder();
    private double gateFraction = DEFAULT_GATE_FRACTION;
    private int minNewRows = DEFAULT_MIN_NEW_ROWS;
    private int promptsPerStep = DEFAULT_PROMPTS_PER_STEP;
    private int stepsPerTurn;
    private long seed;
    private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
    private Path workDirectory;
    private Gateway gateway;
    private Function<Path, DecoderPolicy> loader = DecoderPolicy::load;
    private final List<TaoListener> listeners = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private CollapseGuard collapseGuard;

    private Builder() {}

    /** The model registry: the current version is tuned, candidates are registered there. Required. */
    public Builder registry(ModelRegistry v) { registry = Objects.requireNonNull(v, "registry"); return this; }

    /** Where each turn's prompts come from. Required. */
    public Builder prompts(TablePromptSource v) { source = Objects.requireNonNull(v, "prompts"); return this; }

    /** The label-free scorer of the TAO round and of the gate's shadow evaluation. Required; the caller closes it. */
    public Builder scorer(Scorer v) { scorer = Objects.requireNonNull(v, "scorer"); return this; }

    /**
     * How candidates are sampled, in the round and by the gate: group size, temperature, top-k/p,
     * answer budget, stop strings. Its seed is replaced per turn by {@code seed + dataset round}. Required.
     */
    public Builder sampling(SamplingParams v) { sampling = Objects.requireNonNull(v, "sampling"); return this; }

    /** The RL update for a freshly loaded candidate. Default: GRPO with {@link Trainers#grpo()}'s defaults. */
    public Builder trainer(Function<DecoderPolicy, Trainer> v) { trainer = Objects.requireNonNull(v, "trainer"); return this; }

    /**
     * The gate's settings (margin, canary set, limits); each turn adds its held-out prompts, the
     * scorer and the sampling. Default: {@link EvaluationGate#builder()}'s defaults.
     */
    public Builder gate(EvaluationGate.Builder v) { gate = Objects.requireNonNull(v, "gate"); return this; }

    /** Share of each turn's prompts held out of training for the gate, in (0, 1). Default 0.2. */
    public Builder gateFraction(double v) { gateFraction = v; return this; }

    /** New rows a turn needs before it reads any. Default 32. */
    public Builder minNewRows(int v) { minNewRows = v; return this; }

    /** Prompts per optimizer step (fewer if a turn has fewer). Default 4. */
    public Builder promptsPerStep(int v) { promptsPerStep = v; return this; }

    /** Optimizer steps per turn; 0 = one pass over the turn's training prompts. Default 0. */
    public Builder stepsPerTurn(int v) { stepsPerTurn = v; return this; }

    /** Seeds each turn's run and gate, plus the dataset round. Default 0. */
    public Builder seed(long v) { seed = v; return this; }

    /** Resume states every this many steps, so a killed turn resumes; 0 = none. Default 10. */
    public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }

    /** Where each turn's run folder goes ({@code runs/dataset-NNNN}). Required. */
    public Builder workDirectory(Path v) { workDirectory = Objects.requireNonNull(v, "workDirectory"); return this; }

    /** A gateway to hot-swap to each promoted version. Optional; it stays the caller's to close. */
    public Builder gateway(Gateway v) { gateway = Objects.requireNonNull(v, "gateway"); return this; }

    /** How a version folder becomes a policy. Default {@link DecoderPolicy#load}. */
    public Builder loader(Function<Path, DecoderPolicy> v) { loader = Objects.requireNonNull(v, "loader"); return this; }

    /** The collapse guard of each turn's TAO round. Default: {@link TuneRequest.Builder}'s. */
    public Builder collapseGuard(CollapseGuard v) { collapseGuard = Objects.requireNonNull(v, "collapseGuard"); return this; }

    /** Progress of each turn's TAO round. */
    public Builder listener(TaoListener v) { listeners.add(Objects.requireNonNull(v, "listener")); return this; }

    /** A setting recorded in every candidate's manifest (a learning rate, say), beside the flywheel's own. */
    public Builder setting(String name, String value) {
      settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * @throws ConfigurationException if a required part is missing or a number is out of range
     */
    public Flywheel build() {
      List<String> missing = new ArrayList<>();
      if (registry == null) missing.add("registry(...)");
      if (source == null) missing.add("prompts(...)");
      if (scorer == null) missing.add("scorer(...)");
      if (sampling == null) missing.add("sampling(...)");
      if (workDirectory == null) missing.add("workDirectory(...)");
      if (!missing.isEmpty()) {
        throw new ConfigurationException("Flywheel.builder() needs " + String.join(", ", missing));
      }
      if (!(gateFraction > 0 && gateFraction < 1)) {
        throw new ConfigurationException("gateFraction must be in (0, 1), got " + gateFraction);
      }
      if (minNewRows < 2) {
        throw new ConfigurationException("minNewRows must be >= 2 (one prompt to train, one for the gate), got "
            + minNewRows);
      }
      if (promptsPerStep < 1 || stepsPerTurn < 0 || checkpointEvery < 0) {
        throw new ConfigurationException("promptsPerStep must be >= 1 and stepsPerTurn, checkpointEvery >= 0; got "
            + promptsPerStep + ", " + stepsPerTurn + ", " + checkpointEvery);
      }
      return new Flywheel(this);
    }
  }
}
