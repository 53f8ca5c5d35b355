package ai.tao.core;

import ai.tao.api.CollapseStop;
import ai.tao.api.DataInputException;
import ai.tao.api.GenerationException;
import ai.tao.api.OutputException;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.ScoringException;
import ai.tao.api.StepMetrics;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoException;
import ai.tao.api.TaoListener;
import ai.tao.api.TrainStepResult;
import ai.tao.api.TrainingException;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.loop.GroupStats;
import ai.tao.core.loop.HealthySnapshots;
import ai.tao.core.observe.MetricsJsonl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-time Adaptive Optimization in one call: for each round, take the round's unlabeled prompts,
 * and step by step generate a group of candidates per prompt, score the groups without labels, and
 * train the policy on them; checkpoint at the end of each round.
 *
 * <pre>{@code
 * try (GrpoTrainer trainer = Trainers.grpo().learningRate(1e-5).klCoefficient(0.05).trainer(policy)) {
 *   TuneResult r = Tao.tune(TuneRequest.builder()
 *       .policy(policy).prompts(source)
 *       .generator(Generators.sampling().candidatesPerPrompt(8).temperature(0.7).maxNewTokens(96).build())
 *       .scorer(scorer).trainer(trainer)
 *       .rounds(2).seed(7).listener(Listeners.console()).build());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class Tao {
  private static final Logger LOG = LoggerFactory.getLogger(Tao.class);
  /** Share of truncated candidates in a step above which the round warns (once). */
  static final double TRUNCATION_WARNING = 0.25;

  private Tao() {}

  /**
   * Runs the loop; see the class comment.
   *
   * @throws OutputException if the output folder already holds files (runs are never mixed)
   * @throws TaoException naming the cause of any failure; metrics and checkpoints written so far stay
   */
  public static TuneResult tune(TuneRequest req) {
    long t0 = System.nanoTime();
    MetricsJsonl metrics = req.outputDir().map(Tao::openOutput).orElse(null);
    Run run = new Run(req, t0, metrics);
    try {
      Map<String, Object> config = config(req);
      LOG.debug("TAO run: {}", config);
      run.emit(new TaoEvent.RunStarted(config));
      for (int round = 0; round < req.rounds(); round++) {
        if (round > 0 && run.outOfTime()) {
          break;
        }
        run.round(round, round == req.rounds() - 1);
        if (run.end != TuneResult.End.COMPLETED) {
          break;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      run.emit(new TaoEvent.RunCompleted(seconds));
      return new TuneResult(req.policy(), run.kept, run.rolledBack, run.stops, run.checkpoints,
          Optional.ofNullable(metrics).map(MetricsJsonl::file), run.end, seconds);
    } catch (TaoException e) {
      run.emit(new TaoEvent.Warning("run stopped: " + e.getMessage()));
      throw e;
    } finally {
      if (metrics != null) {
        metrics.close();
      }
    }
  }

  /** Creates the output folder, refusing one that holds anything: two runs never share a folder. */
  private static MetricsJsonl openOutput(Path dir) {
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        List<String> names = entries.limit(5).map(p -> p.getFileName().toString()).sorted().toList();
        if (!names.isEmpty()) {
          throw new OutputException("output folder " + dir + " already holds " + names.subList(0,
              Math.min(4, names.size())) + (names.size() > 4 ? " and more" : "") + ": a run never writes into"
              + " another run's folder; choose a new folder or delete this one");
        }
      } catch (IOException e) {
        throw new OutputException("cannot read output folder " + dir + ": " + e.getMessage(), e);
      }
    }
    return new MetricsJsonl(dir.resolve("metrics.jsonl"));
  }

  /** Every setting of the run, the parts' own included, for the run log. */
  private static Map<String, Object> config(TuneRequest req) {
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
    return c;
  }

  /** The state of one run. */
  private static final class Run {
    final TuneRequest req;
    final long t0;
    final List<TaoListener> listeners = new ArrayList<>();
    final List<StepMetrics> kept = new ArrayList<>();
    final List<StepMetrics> rolledBack = new ArrayList<>();
    final List<CollapseStop> stops = new ArrayList<>();
    final List<Path> checkpoints = new ArrayList<>();
    TuneResult.End end = TuneResult.End.COMPLETED;

    Run(TuneRequest req, long t0, MetricsJsonl metrics) {
      this.req = req;
      this.t0 = t0;
      listeners.addAll(req.listeners());
      if (metrics != null) {
        listeners.add(metrics);
      }
    }

    void emit(TaoEvent e) {
      for (TaoListener l : listeners) {
        l.onEvent(e);
      }
    }

    /** Runs one round; {@code last}: no round follows, so the last step ends the run whatever the clock says. */
    void round(int round, boolean last) {
      List<Prompt> prompts = new ArrayList<>(req.prompts().prompts(round));
      if (prompts.isEmpty()) {
        throw new DataInputException("round " + (round + 1) + " has no prompts from " + req.prompts().describe());
      }
      Collections.shuffle(prompts, new Random(req.seed() * 31 + round));
      int perStep = Math.min(req.promptsPerStep(), prompts.size());
      int totalSteps = req.stepsPerRound() > 0 ? req.stepsPerRound() : (prompts.size() + perStep - 1) / perStep;
      emit(new TaoEvent.RoundStarted(round, prompts.size()));
      CollapseGuard guard = req.collapseGuard();
      HealthySnapshots healthy = guard.rollback()
          ? new HealthySnapshots(req.policy().trainable().orElseThrow(), guard.snapshotEvery(),
              guard.trustedSnapshotAge())
          : null;
      CollapseGuard.Monitor monitor = guard.monitor();
      List<StepMetrics> roundSteps = new ArrayList<>();
      boolean warnedTruncation = false;
      boolean warnedUnjudged = false;
      try {
        for (int step = 0; step < totalSteps; step++) {
          List<Prompt> batch = new ArrayList<>(perStep);
          for (int i = 0; i < perStep; i++) {
            batch.add(prompts.get((step * perStep + i) % prompts.size()));
          }
          long sampleStart = System.nanoTime();
          long seed = req.seed() * 1_000_003L + round * 10_007L + step;
          List<Rollout> rollouts = generate(batch, seed, round, step);
          double sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;
          List<ScoredRollout> scored = score(rollouts);
          TrainStepResult tr = train(scored, round, step);
          StepMetrics m = GroupStats.of(round, step, scored, sampleSeconds, tr, req.scorer(),
              req.scorer().drainCounters());
          roundSteps.add(m);
          emit(new TaoEvent.StepCompleted(m, totalSteps));
          if (!warnedTruncation && m.truncatedFraction() > TRUNCATION_WARNING) {
            warnedTruncation = true;
            emit(new TaoEvent.Warning(String.format(Locale.ROOT, "round %d step %d: %.0f%% of the candidates hit"
                + " maxNewTokens and are truncated; raise maxNewTokens, or mask them (GRPO maskTruncated)",
                round + 1, step + 1, 100 * m.truncatedFraction())));
          }
          if (!warnedUnjudged && m.judgedFraction() == 0) {
            warnedUnjudged = true;
            emit(new TaoEvent.Warning("round " + (round + 1) + " step " + (step + 1) + ": scorer '"
                + req.scorer().name() + "' judged none of the candidates (every score not applicable); nothing"
                + " can be learned from such steps"));
          }
          Optional<CollapseGuard.Trip> trip = monitor.check(m);
          if (trip.isPresent()) {
            stop(round, step + 1, totalSteps, trip.get(), healthy, roundSteps);
            break;
          }
          if (healthy != null) {
            healthy.afterHealthyUpdate(step + 1);
          }
          boolean moreToDo = step + 1 < totalSteps || !last;
          if (moreToDo && outOfTime()) {
            break;
          }
        }
      } finally {
        if (healthy != null) {
          healthy.close();
        }
      }
      kept.addAll(roundSteps);
      Optional<Path> checkpoint = req.outputDir().map(d -> d.resolve("round-" + round));
      checkpoint.ifPresent(req.policy()::save);
      checkpoint.ifPresent(checkpoints::add);
      emit(new TaoEvent.RoundCompleted(round, roundSteps.size() + countRolledBack(round),
          roundSteps.isEmpty() ? Optional.empty() : Optional.of(roundSteps.get(roundSteps.size() - 1)), checkpoint));
    }

    private int countRolledBack(int round) {
      return (int) rolledBack.stream().filter(s -> s.round() == round).count();
    }

    /** Stops the round after {@code after} steps; with rollback, undoes the steps after the restored snapshot. */
    private void stop(int round, int after, int totalSteps, CollapseGuard.Trip trip, HealthySnapshots healthy,
        List<StepMetrics> roundSteps) {
      String why = "round " + (round + 1) + " stopped after step " + after + "/" + totalSteps + ": " + trip.detail();
      OptionalInt restored = OptionalInt.empty();
      if (healthy != null) {
        int at = healthy.restore(after);
        restored = OptionalInt.of(at);
        why += at == 0 ? "; weights restored to the start of the round"
            : "; weights restored to the snapshot taken after step " + at;
        List<StepMetrics> undone = new ArrayList<>(roundSteps.subList(at, roundSteps.size()));
        roundSteps.subList(at, roundSteps.size()).clear();
        rolledBack.addAll(undone);
        req.trainer().rolledBack();
      } else {
        why += "; weights kept (the guard does not roll back)";
      }
      CollapseStop stop = new CollapseStop(round, after, trip.reason(), restored, why);
      stops.add(stop);
      emit(new TaoEvent.CollapseDetected(stop));
      emit(new TaoEvent.Warning(why));
    }

    private boolean outOfTime() {
      if (req.maxDuration().isPresent() && System.nanoTime() - t0 >= req.maxDuration().get().toNanos()) {
        end = TuneResult.End.TIME_BUDGET;
        emit(new TaoEvent.Warning("run stopped: the time budget " + req.maxDuration().get() + " is spent"));
        return true;
      }
      if (req.stopWhen().getAsBoolean()) {
        end = TuneResult.End.STOP_REQUESTED;
        emit(new TaoEvent.Warning("run stopped: the stop hook asked to stop"));
        return true;
      }
      return false;
    }

    private List<Rollout> generate(List<Prompt> batch, long seed, int round, int step) {
      try {
        return req.generator().generate(req.policy(), batch, seed);
      } catch (TaoException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new GenerationException("sampling from policy '" + req.policy().name() + "' failed at round "
            + (round + 1) + " step " + (step + 1) + ": " + e, e);
      }
    }

    private TrainStepResult train(List<ScoredRollout> scored, int round, int step) {
      try {
        return req.trainer().step(scored);
      } catch (TaoException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TrainingException("trainer '" + req.trainer().name() + "' failed at round " + (round + 1)
            + " step " + (step + 1) + ": " + e, e);
      }
    }

    private List<ScoredRollout> score(List<Rollout> rollouts) {
      List<ScoredRollout> out = new ArrayList<>(rollouts.size());
      for (Rollout r : rollouts) {
        List<Score> scores;
        try {
          scores = req.scorer().score(r.group());
        } catch (TaoException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new ScoringException("scorer '" + req.scorer().name() + "' failed on prompt '" + r.prompt().id()
              + "': " + e, e);
        }
        if (scores == null || scores.size() != r.size()) {
          throw new ScoringException("scorer '" + req.scorer().name() + "' returned "
              + (scores == null ? "null" : scores.size() + " scores") + " for " + r.size() + " candidates of prompt '"
              + r.prompt().id() + "'");
        }
        out.add(new ScoredRollout(r, scores));
      }
      return out;
    }
  }
}
