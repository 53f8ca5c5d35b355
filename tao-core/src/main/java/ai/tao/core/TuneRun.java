package ai.tao.core;

import ai.tao.api.CollapseStop;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import ai.tao.api.Prompt;
import ai.tao.api.Resumable;
import ai.tao.api.Rollout;
import ai.tao.api.ScoredRollout;
import ai.tao.api.ScoringGenerator;
import ai.tao.api.StepMetrics;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import ai.tao.api.TrainStepResult;
import ai.tao.core.internal.resume.PromptDigest;
import ai.tao.core.internal.resume.ResumeState;
import ai.tao.core.internal.resume.RunFolder;
import ai.tao.core.internal.resume.StateFolder;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.loop.GroupStats;
import ai.tao.core.loop.HealthySnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of {@link Tao#tune}: the rounds and their steps, the resume states, the result.
 *
 * <p>Where a run stands is a cursor: the round, and the next step within it. A resume state is
 * written only at a step boundary, after the step's metrics are out: after every {@code
 * checkpointEvery}-th step (counted across rounds), and when the run stops early. A state after a
 * round's last step is written after the round's checkpoint, so it points at the next round's
 * start; when the last round ends, a small "complete" state says the run is done.
 */
final class TuneRun {
  private static final Logger LOG = LoggerFactory.getLogger(TuneRun.class);

  private final TuneRequest req;
  private final long t0;
  private final RunFolder folder;
  private final List<TaoListener> listeners = new ArrayList<>();
  private final List<StepMetrics> kept = new ArrayList<>();
  private final List<StepMetrics> rolledBack = new ArrayList<>();
  private final List<CollapseStop> stops = new ArrayList<>();
  private final List<Path> checkpoints = new ArrayList<>();
  private TuneResult.End end = TuneResult.End.COMPLETED;
  /** Steps completed in this run, the interrupted part's included. */
  private long stepsDone;
  /** Steps this call ran. */
  private long stepsRun;
  /** {@link #stepsDone} when the last state was written or resumed from; -1 before. */
  private long savedAt = -1;
  /** The round in progress; null between rounds, when {@link #nextRound} is the cursor. */
  private TuneRound current;
  private int nextRound;
  private StateFolder.Stored from;
  /** The prompts of the round a state inside a round resumes, checked against the state. */
  private List<Prompt> resumedPrompts;
  private Optional<TuneResult.Resumed> resumed = Optional.empty();

  TuneRun(TuneRequest req, long t0, RunFolder folder) {
    this.req = req;
    this.t0 = t0;
    this.folder = folder;
    listeners.addAll(req.listeners());
  }

  /**
   * Checks, before anything is changed, that the state to resume fits this request: the seeds it
   * derives and, inside a round, the round's prompts.
   *
   * @throws ConfigurationException if this version derives other seeds
   * @throws DataInputException if the round's prompts differ, naming the first that does
   */
  void prepare() {
    if (folder == null || folder.resumeFrom().isEmpty()) {
      return;
    }
    from = folder.resumeFrom().get();
    ResumeState m = from.manifest();
    ResumeState.Seeds seeds = seeds(m.round(), m.step());
    if (!seeds.equals(m.seeds())) {
      throw new ConfigurationException("resume state " + from.dir() + " records the seeds " + m.seeds() + " for round "
          + (m.round() + 1) + " step " + (m.step() + 1) + ", but this version of TAO derives " + seeds + ": it would"
          + " continue another run. Resume with the version that wrote the state, or choose a new output folder");
    }
    if (m.inRound().isPresent()) {
      List<Prompt> prompts = prompts(m.round());
      Optional<String> differs = m.inRound().get().prompts().difference(PromptDigest.of(m.round(), prompts));
      if (differs.isPresent()) {
        throw new DataInputException("cannot resume the run in " + folder.dir() + " inside round " + (m.round() + 1)
            + ": the prompts differ from the interrupted run's: " + differs.get() + " (prompt source: "
            + req.prompts().describe() + "). Resume with the same prompts, or choose a new output folder");
      }
      resumedPrompts = prompts;
    }
  }

  void emit(TaoEvent e) {
    for (TaoListener l : listeners) {
      l.onEvent(e);
    }
  }

  TuneResult run() {
    if (folder != null) {
      listeners.add(folder.metrics());
    }
    Map<String, Object> config = config();
    LOG.debug("TAO run: {}", config);
    emit(new TaoEvent.RunStarted(config));
    if (folder != null) {
      folder.warnings().forEach(w -> emit(new TaoEvent.Warning(w)));
    }
    TuneRound resumedRound = from == null ? null : restore();
    int startRound = from == null ? 0 : from.manifest().round();
    nextRound = startRound;
    for (int round = startRound; round < req.rounds(); round++) {
      if (round > startRound && stopRequested()) {
        break;
      }
      runRound(round == startRound && resumedRound != null ? resumedRound : startRound(round),
          round == req.rounds() - 1);
      if (end != TuneResult.End.COMPLETED) {
        break;
      }
    }
    if (writesStates()) {
      if (end == TuneResult.End.COMPLETED) {
        saveState("completed", true);
      } else if (savedAt != stepsDone) {
        saveState(reason(end), false);
      }
    }
    if (end != TuneResult.End.COMPLETED) {
      emit(new TaoEvent.Warning(end == TuneResult.End.TIME_BUDGET
          ? "run stopped: the time budget " + req.maxDuration().orElseThrow() + " is spent"
          : "run stopped: the stop hook asked to stop" + (writesStates() ? "; a resume state is written" : "")));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    emit(new TaoEvent.RunCompleted(seconds));
    return new TuneResult(req.policy(), kept, rolledBack, stops, checkpoints,
        Optional.ofNullable(folder).map(f -> f.metrics().file()), end, seconds, resumed, stepsRun);
  }

  /** Every setting of the run, the parts' own included, for the run log. */
  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("policy", req.policy().name());
    c.put("prompts", req.prompts().describe());
    c.put("rounds", req.rounds());
    c.put("promptsPerStep", req.promptsPerStep());
    c.put("stepsPerRound", req.stepsPerRound() == 0 ? "one pass" : req.stepsPerRound());
    c.put("seed", req.seed());
    req.maxDuration().ifPresent(d -> c.put("maxDuration", d.toString()));
    c.put("generator", req.generator().settings());
    c.put("scorer", req.scorer().name());
    c.put("scorerSettings", req.scorer().toString());
    c.put("trainer", req.trainer().name());
    c.put("trainerSettings", req.trainer().settings());
    c.put("collapseGuard", req.collapseGuard().describe());
    req.outputDir().ifPresent(d -> c.put("outputDir", d.toString()));
    c.put("checkpointEvery", req.checkpointEvery() == 0 ? "off" : req.checkpointEvery());
    if (req.checkpointEvery() > 0) {
      c.put("keepStates", req.keepStates());
    }
    return c;
  }

  private boolean writesStates() {
    return folder != null && req.checkpointEvery() > 0;
  }

  private TuneRound startRound(int round) {
    CollapseGuard guard = req.collapseGuard();
    List<Prompt> given = prompts(round);
    HealthySnapshots healthy = guard.rollback()
        ? new HealthySnapshots(req.policy().trainable().orElseThrow(), guard.snapshotEvery(),
            guard.trustedSnapshotAge())
        : null;
    return new TuneRound(round, given, seeds(round, 0).promptOrder(), req.promptsPerStep(), req.stepsPerRound(),
        guard.monitor(), healthy, List.of());
  }

  private List<Prompt> prompts(int round) {
    List<Prompt> prompts = req.prompts().prompts(round);
    if (prompts.isEmpty()) {
      throw new DataInputException("round " + (round + 1) + " has no prompts from " + req.prompts().describe());
    }
    return prompts;
  }

  /**
   * Puts back what the state holds: the run's record, the trainer's state, the round in progress
   * (its collapse monitor and healthy snapshots), and last the policy's weights.
   *
   * @return the round to continue, or null when the state lies between rounds
   */
  private TuneRound restore() {
    ResumeState m = from.manifest();
    Resumable policyState = req.policy().resumable().orElseThrow();
    Resumable trainerState = req.trainer().resumable().orElseThrow();
    // The trainer first: it checks its reference before changing anything.
    trainerState.restoreState(from.dir().resolve("trainer"));
    TuneRound round = null;
    try {
      round = restoreRound(m, policyState);
      policyState.restoreState(from.dir().resolve("policy"));
    } catch (RuntimeException e) {
      if (round != null && round.healthy != null) {
        round.healthy.close();
      }
      throw e;
    }
    kept.addAll(m.kept());
    rolledBack.addAll(m.rolledBack());
    stops.addAll(m.stops());
    m.checkpoints().forEach(c -> checkpoints.add(folder.dir().resolve(c)));
    stepsDone = m.stepsDone();
    savedAt = stepsDone;
    resumed = Optional.of(new TuneResult.Resumed(m.stepsDone(), m.round(), m.step(), from.dir()));
    LOG.info("resuming the run in {} from {}: {} steps done, next round {} step {}", folder.dir(), from.dir(),
        m.stepsDone(), m.round() + 1, m.step() + 1);
    emit(new TaoEvent.RunResumed(m.stepsDone(), m.round(), m.step(), from.dir()));
    return round;
  }

  /** The round in progress as the state left it, its healthy snapshots read back; null between rounds. */
  private TuneRound restoreRound(ResumeState m, Resumable policyState) {
    if (m.inRound().isEmpty()) {
      return null;
    }
    ResumeState.InRound in = m.inRound().get();
    CollapseGuard guard = req.collapseGuard();
    HealthySnapshots healthy = null;
    if (guard.rollback()) {
      healthy = HealthySnapshots.restore(req.policy().trainable().orElseThrow(), policyState, guard.snapshotEvery(),
          guard.trustedSnapshotAge(), from.dir().resolve("snapshots"), in.olderSnapshotAt().orElseThrow(
              () -> new ConfigurationException("resume state " + from.dir() + " holds no healthy snapshots, but the"
                  + " collapse guard rolls back")), in.newerSnapshotAt());
    }
    TuneRound round = new TuneRound(m.round(), resumedPrompts, m.seeds().promptOrder(), req.promptsPerStep(),
        req.stepsPerRound(), guard.monitor(in.monitor()), healthy, in.steps());
    round.warnedTruncation = in.warnedTruncation();
    round.warnedUnjudged = in.warnedUnjudged();
    round.nextStep = m.step();
    if (m.step() > round.totalSteps) {
      if (healthy != null) {
        healthy.close();
      }
      throw new ConfigurationException("resume state " + from.dir() + " is at step " + m.step() + " of round "
          + (m.round() + 1) + ", which has " + round.totalSteps + " steps with these prompts");
    }
    return round;
  }

  /** Runs a round from its next step; {@code last}: no round follows, so its last step ends the run. */
  private void runRound(TuneRound rd, boolean last) {
    current = rd;
    emit(new TaoEvent.RoundStarted(rd.round, rd.prompts.size()));
    try {
      for (int step = rd.nextStep; step < rd.totalSteps; step++) {
        StepMetrics m = step(rd, step);
        stepsDone++;
        stepsRun++;
        rd.nextStep = step + 1;
        Optional<CollapseGuard.Trip> trip = rd.monitor.check(m);
        if (trip.isPresent()) {
          rd.tripped = true;
          collapse(rd, step + 1, trip.get());
          break;
        }
        if (rd.healthy != null) {
          rd.healthy.afterHealthyUpdate(step + 1);
        }
        boolean roundOver = step + 1 == rd.totalSteps;
        TuneResult.End stopBy = roundOver && last ? null : stopReason();
        if (!roundOver && ((stopBy != null && writesStates()) || periodic())) {
          saveState(stopBy == null ? "every " + req.checkpointEvery() + " steps" : reason(stopBy), false);
        }
        if (stopBy != null) {
          end = stopBy;
          break;
        }
      }
    } finally {
      if (rd.healthy != null) {
        rd.healthy.close();
      }
      current = null;
      nextRound = rd.round + 1;
    }
    kept.addAll(rd.steps);
    Optional<Path> checkpoint = Optional.ofNullable(folder).map(f -> f.saveRound(rd.round, req.policy()));
    checkpoint.ifPresent(checkpoints::add);
    emit(new TaoEvent.RoundCompleted(rd.round, rd.steps.size() + countRolledBack(rd.round),
        rd.steps.isEmpty() ? Optional.empty() : Optional.of(rd.steps.get(rd.steps.size() - 1)), checkpoint));
    boolean stoppedInside = end != TuneResult.End.COMPLETED && rd.nextStep < rd.totalSteps && !rd.tripped;
    boolean runDone = last && end == TuneResult.End.COMPLETED;
    if (!stoppedInside && !runDone && (periodic() || (end != TuneResult.End.COMPLETED && writesStates()))) {
      saveState(end == TuneResult.End.COMPLETED ? "every " + req.checkpointEvery() + " steps" : reason(end), false);
    }
  }

  /** Samples, scores and trains one step, and reports it. */
  private StepMetrics step(TuneRound rd, int step) {
    List<Prompt> batch = batch(rd, step);
    long sampleStart = System.nanoTime();
    long seed = seeds(rd.round, step).sampling();
    Optional<ScoringGenerator> scoring = req.generator().scoring();
    List<ScoredRollout> scored;
    double sampleSeconds;
    if (scoring.isPresent()) {
      // Sampled and scored in one call (elsewhere, as a rule): the sampling time includes the scoring.
      scored = Stages.generateScored(req, scoring.get(), batch, seed, rd.round, step);
      sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;
    } else {
      List<Rollout> rollouts = Stages.generate(req, batch, seed, rd.round, step);
      sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;
      scored = Stages.score(req, rollouts);
    }
    if (step + 1 < rd.totalSteps) {
      req.generator().prefetch(req.policy(), batch(rd, step + 1), seeds(rd.round, step + 1).sampling());
    }
    TrainStepResult tr = Stages.train(req, scored, rd.round, step);
    StepMetrics m = GroupStats.of(rd.round, step, scored, sampleSeconds, tr, req.scorer(),
        req.scorer().drainCounters());
    rd.steps.add(m);
    emit(new TaoEvent.StepCompleted(m, rd.totalSteps));
    if (!rd.warnedTruncation && m.truncatedFraction() > Tao.TRUNCATION_WARNING) {
      rd.warnedTruncation = true;
      emit(new TaoEvent.Warning(String.format(Locale.ROOT, "round %d step %d: %.0f%% of the candidates hit"
          + " maxNewTokens and are truncated; raise maxNewTokens, or mask them (GRPO maskTruncated)",
          rd.round + 1, step + 1, 100 * m.truncatedFraction())));
    }
    if (!rd.warnedUnjudged && m.judgedFraction() == 0) {
      rd.warnedUnjudged = true;
      emit(new TaoEvent.Warning("round " + (rd.round + 1) + " step " + (step + 1) + ": scorer '"
          + req.scorer().name() + "' judged none of the candidates (every score not applicable); nothing"
          + " can be learned from such steps"));
    }
    return m;
  }

  /** The prompts of a step: the round's (shuffled) prompts in turn, wrapping around. */
  private static List<Prompt> batch(TuneRound rd, int step) {
    List<Prompt> batch = new ArrayList<>(rd.perStep);
    for (int i = 0; i < rd.perStep; i++) {
      batch.add(rd.prompts.get((step * rd.perStep + i) % rd.prompts.size()));
    }
    return batch;
  }

  /**
   * The seeds of a step, all derived from the request's seed and the position: no random generator
   * carries state from one step to the next, so a resumed run needs none restored.
   */
  private ResumeState.Seeds seeds(int round, int step) {
    return new ResumeState.Seeds(req.seed(), req.seed() * 31 + round, req.seed() * 1_000_003L + round * 10_007L + step);
  }

  private boolean periodic() {
    return writesStates() && stepsDone % req.checkpointEvery() == 0 && stepsDone != savedAt;
  }

  private static String reason(TuneResult.End end) {
    return end == TuneResult.End.TIME_BUDGET ? "time budget spent" : "stop requested";
  }

  /**
   * Writes a resume state at the cursor: the policy's and the trainer's state, the healthy snapshots
   * of the round in progress, then the manifest (with metrics.jsonl synced and its length recorded).
   */
  private void saveState(String reason, boolean complete) {
    TuneRound rd = current;
    int round = rd == null ? nextRound : rd.round;
    int step = rd == null ? 0 : rd.nextStep;
    Resumable policyState = req.policy().resumable().orElseThrow();
    Resumable trainerState = req.trainer().resumable().orElseThrow();
    Path dir = folder.states().write(stepsDone, tmp -> {
      if (!complete) {
        policyState.saveState(folder(tmp.resolve("policy")));
        trainerState.saveState(folder(tmp.resolve("trainer")));
        if (rd != null && rd.healthy != null) {
          rd.healthy.save(tmp.resolve("snapshots"), policyState);
        }
      }
    }, files -> new ResumeState(stepsDone, round, step, complete, reason, folder.settings(), seeds(round, step),
        rd == null ? Optional.empty() : Optional.of(new ResumeState.InRound(rd.digest, rd.monitor.state(),
            rd.warnedTruncation, rd.warnedUnjudged,
            rd.healthy == null ? OptionalInt.empty() : OptionalInt.of(rd.healthy.olderAt()),
            rd.healthy == null ? OptionalInt.empty() : rd.healthy.newerAt(), rd.steps)),
        kept, rolledBack, stops, checkpoints.stream().map(c -> folder.dir().relativize(c).toString()).toList(),
        folder.metrics().sync(), files));
    folder.states().prune(req.keepStates());
    savedAt = stepsDone;
    emit(new TaoEvent.StateSaved(stepsDone, round, step, dir));
  }

  private static Path folder(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OutputException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  private int countRolledBack(int round) {
    return (int) rolledBack.stream().filter(s -> s.round() == round).count();
  }

  /** Stops the round after {@code after} steps; with rollback, undoes the steps after the restored snapshot. */
  private void collapse(TuneRound rd, int after, CollapseGuard.Trip trip) {
    String why = "round " + (rd.round + 1) + " stopped after step " + after + "/" + rd.totalSteps + ": "
        + trip.detail();
    OptionalInt restored = OptionalInt.empty();
    if (rd.healthy != null) {
      int at = rd.healthy.restore(after);
      restored = OptionalInt.of(at);
      why += at == 0 ? "; weights restored to the start of the round"
          : "; weights restored to the snapshot taken after step " + at;
      List<StepMetrics> undone = new ArrayList<>(rd.steps.subList(at, rd.steps.size()));
      rd.steps.subList(at, rd.steps.size()).clear();
      rolledBack.addAll(undone);
      req.trainer().rolledBack();
    } else {
      why += "; weights kept (the guard does not roll back)";
    }
    CollapseStop stop = new CollapseStop(rd.round, after, trip.reason(), restored, why);
    stops.add(stop);
    emit(new TaoEvent.CollapseDetected(stop));
    emit(new TaoEvent.Warning(why));
  }

  /** Why the run should stop now, if it should: the time budget, else the stop hook. */
  private TuneResult.End stopReason() {
    if (req.maxDuration().isPresent() && System.nanoTime() - t0 >= req.maxDuration().get().toNanos()) {
      return TuneResult.End.TIME_BUDGET;
    }
    if (req.stopWhen().getAsBoolean()) {
      return TuneResult.End.STOP_REQUESTED;
    }
    return null;
  }

  private boolean stopRequested() {
    TuneResult.End e = stopReason();
    if (e != null) {
      end = e;
    }
    return e != null;
  }
}
