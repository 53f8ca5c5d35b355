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
import ai.tao.core.model.LoraConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.Trainers;
import ai.tao.serve.Gateway;
import ai.tao.serve.registry.EvaluationGate;
import ai.tao.serve.registry.GateDecision;
import ai.tao.serve.registry.HistoryEntry;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import ai.tao.serve.registry.Registration;
import ai.tao.serve.registry.VersionStatus;
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
 *       registry's current version, in {@code WORK/runs/dataset-NNNN/run}, with resume states every
 *       {@link Builder#checkpointEvery} steps.
 *   <li><b>Gate.</b> The {@link EvaluationGate} compares the tuned candidate with another fresh copy
 *       of the current version on the held-out prompts, scored by the round's scorer.
 *   <li><b>Register</b> the candidate, approved or rejected, with its parent, dataset (file and row
 *       range), settings and the gate's numbers in its manifest; <b>promote</b> it if the gate
 *       passed; then <b>commit</b> the dataset (the watermark moves) and swap the gateway to the
 *       promoted version without dropping in-flight requests.
 * </ol>
 *
 * <p><b>A turn stopped part-way</b> (an exception, a killed process) leaves its dataset pending,
 * and the next turn carries it on: a round killed mid-way resumes from its last resume state, a
 * round that had finished is gated without tuning again ({@code turn.json} in the run folder), and
 * a candidate already registered for the dataset is not tuned or registered again: it is promoted
 * if approved and never promoted yet, and the dataset is committed. A run folder left by other
 * settings or another parent version is started over.
 *
 * <p><b>Ownership.</b> The flywheel closes every policy it loads, including those it swaps into the
 * gateway: the one a swap replaces once its last request is answered, and the last one in {@link
 * #close()}, which must come after the gateway's close. The policy the gateway started with stays
 * the caller's, as do the scorer and the gateway. Nothing here reads a label: the gate's optional
 * canary set is the one labeled part, and it lives inside the {@link EvaluationGate}. Turns run one
 * at a time ({@code synchronized}).
 *
 * @since 0.5
 */
public final class Flywheel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Flywheel.class);

  private final ModelRegistry registry;
  private final TablePromptSource source;
  private final Scorer scorer;
  private final SamplingParams sampling;
  private final Function<DecoderPolicy, Trainer> trainer;
  private final EvaluationGate gate;
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
  /** The loop round asked of the source: the same until its dataset is committed. */
  private int round;
  private final GatewaySwapper swapper;
  private final LoraConfig lora;

  private Flywheel(Builder b) {
    this.registry = b.registry;
    this.source = b.source;
    this.scorer = b.scorer;
    this.sampling = b.sampling;
    this.trainer = b.trainer;
    this.gate = b.probeGate;
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
    this.lora = b.lora;
    this.swapper = new GatewaySwapper(b.gateway, b.registry, b.loader);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one turn: capture, filter, tune, gate, then promote or reject.
   *
   * @throws ConfigurationException if the registry has no current version
   * @throws ai.tao.api.TaoException as the parts throw it (a scorer failure, an unreadable table);
   *     the dataset then stays pending, and the next turn carries it on
   */
  public synchronized TurnReport turn() {
    long t0 = System.nanoTime();
    ModelVersion current = registry.current().orElseThrow(() -> new ConfigurationException("registry "
        + registry.dir() + " has no current version: register the base model (ModelRegistry.register) and promote"
        + " it before the first turn"));
    swapper.serve(current);
    if (source.pending().isEmpty() && source.unreadRows() < minNewRows) {
      LOG.info("flywheel: fewer than {} new rows after row {}; nothing to tune", minNewRows, source.watermark());
      return idle(current, t0);
    }
    List<Prompt> prompts = source.prompts(round);
    Optional<DatasetManifest> dataset = source.pending();
    if (dataset.isEmpty() || prompts.size() < 2) {
      commit();
      LOG.info("flywheel: {} prompt(s) left after filtering; nothing to tune", prompts.size());
      return idle(current, t0);
    }
    DatasetManifest m = dataset.get();
    Optional<ModelVersion> earlier = registeredFor(m);
    if (earlier.isPresent()) {
      return carryOn(earlier.get(), m, current, t0);
    }
    GateSplit split = GateSplit.of(prompts, gateFraction); // by content: arrival order changes nothing
    long turnSeed = seed + m.round();
    TurnFolder folder = TurnFolder.open(runDirectory(m), current.id() + "|" + turnSeed + "|" + settingsKey());
    Optional<Path> earlierTuning = folder.tuned();
    Path tuned;
    GateDecision decision;
    // a round tuned by an interrupted turn is loaded from its checkpoint; a fresh one is gated as it is in memory
    try (DecoderPolicy candidate = earlierTuning.isPresent() ? loader.apply(earlierTuning.get())
        : withLora(registry.load(current, loader), turnSeed)) {
      tuned = earlierTuning.isPresent() ? earlierTuning.get() : tune(candidate, split.train(), folder, turnSeed);
      try (DecoderPolicy incumbent = registry.load(current, loader)) {
        decision = gate.toBuilder().shadowPrompts(split.gate()).sampling(sampling.toBuilder().seed(turnSeed).build())
            .build().evaluate(candidate, "the candidate tuned from " + current.id() + " on " + m.file(), incumbent);
      }
    }
    TurnReport.TuneSummary summary = folder.summary().orElseThrow();
    ModelVersion v = registry.register(tuned, registration(current, m, summary, decision, turnSeed));
    if (decision.promote()) {
      registry.promote(v.id());
    }
    commit();
    folder.delete();
    if (decision.promote()) {
      swapper.serve(v);
    }
    TurnReport report = new TurnReport(decision.promote() ? TurnReport.Outcome.PROMOTED : TurnReport.Outcome.REJECTED,
        Optional.of(m), split.train().size(), split.gate().size(), Optional.of(current.id()), Optional.of(summary),
        Optional.of(decision), Optional.of(v), seconds(t0));
    LOG.info("flywheel: {}", report.summary());
    return report;
  }

  /**
   * Moves the registry back to the version current before the last promotion and swaps the gateway
   * to it: {@link ModelRegistry#rollback()} and a hot swap in one call.
   *
   * @throws ConfigurationException if there is nothing to roll back to
   */
  public synchronized ModelVersion rollback() {
    ModelVersion back = registry.rollback();
    swapper.serve(back);
    return back;
  }

  /** Closes the policy this flywheel last swapped into the gateway. Close the gateway first. */
  @Override
  public synchronized void close() {
    swapper.close();
  }

  /**
   * One TAO round on {@code train}, tuning {@code candidate} (a fresh copy of the current version) in
   * place; the trainer, with its reference model and optimizer state, is closed before the gate.
   */
  private Path tune(DecoderPolicy candidate, List<Prompt> train, TurnFolder folder, long turnSeed) {
    TuneResult r;
    try (Trainer t = trainer.apply(candidate)) {
      r = Tao.tune(request(candidate, t, train, folder.runDir(), turnSeed));
    }
    return folder.recordTuned(r, candidate);
  }

  /** {@code p} with fresh LoRA adapters when the flywheel tunes adapters, else {@code p} as it is. */
  private DecoderPolicy withLora(DecoderPolicy p, long turnSeed) {
    if (lora == null) {
      return p;
    }
    try {
      return p.withLora(lora, turnSeed);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** The version an interrupted turn registered for this dataset, if it got that far. */
  private Optional<ModelVersion> registeredFor(DatasetManifest m) {
    String key = datasetKey(m);
    return registry.versions().stream().filter(v -> v.manifest().datasetVersion().equals(Optional.of(key)))
        .findFirst();
  }

  /** Finishes a turn that registered {@code v} before it stopped: promote if due, commit, serve. */
  private TurnReport carryOn(ModelVersion v, DatasetManifest m, ModelVersion current, long t0) {
    boolean approved = v.manifest().status() == VersionStatus.APPROVED;
    boolean promotedBefore = registry.history().stream()
        .anyMatch(h -> h.change() == HistoryEntry.Change.PROMOTE && h.to().equals(v.id()));
    LOG.info("flywheel: {} was registered for {} by a turn that stopped before it committed; {}", v.id(),
        datasetKey(m), approved && !promotedBefore ? "promoting it" : "committing the dataset");
    if (approved && !promotedBefore) {
      registry.promote(v.id());
    }
    commit();
    Durable.deleteTree(runDirectory(m));
    ModelVersion now = registry.current().orElseThrow();
    swapper.serve(now);
    return new TurnReport(approved ? TurnReport.Outcome.PROMOTED : TurnReport.Outcome.REJECTED, Optional.of(m), 0, 0,
        v.manifest().parent(), Optional.empty(), Optional.empty(), Optional.of(v), seconds(t0));
  }

  private void commit() {
    source.commit();
    round++;
  }

  /** Which rows a dataset holds: its file and row range, recorded in the candidate's manifest. */
  private static String datasetKey(DatasetManifest m) {
    return m.file() + " (rows " + (m.watermarkFrom() + 1) + ".." + m.watermarkTo() + ")";
  }

  /** What the run folder's resume states depend on, besides the parent and the seed. */
  private String settingsKey() {
    return stepsPerTurn + "|" + promptsPerStep + "|" + checkpointEvery + "|" + scorer.name() + "|" + sampling + "|"
        + new java.util.TreeMap<>(settings);
  }

  /**
   * Runs {@link #turn()} every {@code period} (after the previous turn ends) on a daemon thread,
   * until the returned schedule is closed. A turn that throws is logged and counted; the next turn
   * still runs.
   */
  public FlywheelSchedule every(java.time.Duration period, java.util.function.Consumer<TurnReport> onTurn) {
    return FlywheelSchedule.start(this, period, onTurn);
  }

  private TurnReport idle(ModelVersion current, long t0) {
    return new TurnReport(TurnReport.Outcome.NOT_ENOUGH_DATA, Optional.empty(), 0, 0, Optional.of(current.id()),
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

  /** This dataset's run folder, {@code WORK/runs/dataset-NNNN}. */
  private Path runDirectory(DatasetManifest m) {
    return workDirectory.resolve("runs").resolve(String.format(Locale.ROOT, "dataset-%04d", m.round()));
  }

  private Registration registration(ModelVersion parent, DatasetManifest m, TurnReport.TuneSummary t,
      GateDecision d, long turnSeed) {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put("flywheel.steps_per_turn", Integer.toString(stepsPerTurn));
    s.put("flywheel.prompts_per_step", Integer.toString(promptsPerStep));
    s.put("flywheel.seed", Long.toString(turnSeed));
    s.put("flywheel.gate_fraction", Double.toString(gateFraction));
    s.put("scorer", scorer.name());
    s.put("sampling", sampling.toString());
    Registration.Builder r = Registration.builder().parent(parent.id()).datasetVersion(datasetKey(m)).settings(s)
        .gate(d).metric("tune.steps", t.steps()).metric("dataset.kept", m.kept())
        .metric("dataset.rows_read", m.rowsRead());
    if (!Double.isNaN(t.meanReward())) {
      r.metric("tune.mean_reward", t.meanReward());
    }
    return r.build();
  }

  /** Every setting, for the log line at build time. */
  String settingsLine() {
    return "registry " + registry.dir() + ", " + source.describe() + ", scorer " + scorer.name() + ", sampling "
        + sampling + ", gate fraction " + gateFraction + ", min new rows " + minNewRows + ", " + promptsPerStep
        + " prompts per step, " + (stepsPerTurn == 0 ? "one pass" : stepsPerTurn + " steps") + " per turn, seed "
        + seed + ", resume states every " + checkpointEvery + " steps, work " + workDirectory
        + (lora == null ? "" : ", LoRA " + lora.describe())
        + (gateway == null ? "" : ", hot-swapping " + gateway.baseUri()) + ", settings " + settings;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
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
    private EvaluationGate probeGate;
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
    private LoraConfig lora;

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
     * The gate's settings (margin, canary set, limits). {@link #build()} sets the scorer and the
     * sampling on it and checks it; each turn sets its held-out prompts and seed on a copy.
     * Default: {@link EvaluationGate#builder()}'s defaults.
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

    /**
     * Tune LoRA adapters instead of every weight: each turn puts fresh adapters (seeded by the turn)
     * on a copy of the current version and trains only them; the version it registers is the
     * verified merged model, with that turn's adapters in PEFT's layout under {@code adapter/}
     * (relative to its parent version). Versions are served merged, at the base's cost. Default: off.
     */
    public Builder lora(LoraConfig v) { lora = Objects.requireNonNull(v, "lora"); return this; }

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
      // the gate's own checks, now rather than after a turn's tuning: a probe with one prompt
      probeGate = gate.shadowPrompts(List.of(Prompt.ofText("probe", "probe"))).scorer(scorer)
          .sampling(sampling).build();
      if (lora != null) {
        settings.put("flywheel.lora", lora.describe());
      }
      Flywheel f = new Flywheel(this);
      LOG.info("flywheel: {}", f.settingsLine());
      return f;
    }
  }
}
