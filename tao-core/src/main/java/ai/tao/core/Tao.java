package ai.tao.core;

import ai.tao.api.CandidateGroup;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.ScoredGroup;
import ai.tao.api.ScoringException;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoException;
import ai.tao.api.TaoListener;
import ai.tao.api.TrainStepResult;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.loop.GroupStats;
import ai.tao.core.loop.HealthySnapshots;
import ai.tao.core.observe.MetricsJsonl;
import ai.tao.core.policy.DecoderPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-time Adaptive Optimization in one call: for each round, take the round's unlabeled prompts,
 * and step by step generate a group of candidates per prompt, score the groups without labels, and
 * train the policy on them; checkpoint at the end of each round.
 *
 * <pre>{@code
 * TuneResult r = Tao.tune(TuneRequest.builder()
 *     .policy(policy).prompts(source)
 *     .generator(Generators.sampling().candidatesPerPrompt(8).temperature(0.7).maxNewTokens(96).build())
 *     .scorer(scorer)
 *     .trainer(Trainers.grpo().learningRate(1e-5).klCoefficient(0.05).temperature(0.7).trainer())
 *     .rounds(2).seed(7).listener(Listeners.console()).build());
 * }</pre>
 *
 * @since 0.1
 */
public final class Tao {
  private static final Logger LOG = LoggerFactory.getLogger(Tao.class);

  private Tao() {}

  /** Runs the loop; see the class comment. Exceptions name their cause; written metrics and checkpoints stay. */
  public static TuneResult tune(TuneRequest req) {
    long t0 = System.nanoTime();
    List<TaoListener> listeners = new ArrayList<>(req.listeners());
    MetricsJsonl metrics = req.outputDir().map(d -> new MetricsJsonl(d.resolve("metrics.jsonl"))).orElse(null);
    if (metrics != null) {
      listeners.add(metrics);
    }
    List<Map<String, Double>> steps = new ArrayList<>();
    List<Path> checkpoints = new ArrayList<>();
    List<String> stops = new ArrayList<>();
    try {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("policy", req.policy().name());
      config.put("prompts", req.prompts().describe());
      config.put("rounds", req.rounds());
      config.put("promptsPerStep", req.promptsPerStep());
      config.put("stepsPerRound", req.stepsPerRound());
      config.put("seed", req.seed());
      config.put("scorer", req.scorer().name());
      config.put("collapseGuard", req.collapseGuard());
      LOG.info("TAO run: {}", config);
      emit(listeners, new TaoEvent.RunStarted(config));
      for (int round = 0; round < req.rounds(); round++) {
        runRound(req, round, listeners, steps, stops).ifPresent(checkpoints::add);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      emit(listeners, new TaoEvent.RunCompleted(seconds));
      return new TuneResult(req.policy(), steps, checkpoints, Optional.ofNullable(metrics).map(MetricsJsonl::file),
          stops, seconds);
    } catch (TaoException e) {
      emit(listeners, new TaoEvent.Warning("run stopped: " + e.getMessage()));
      throw e;
    } finally {
      if (metrics != null) {
        metrics.close();
      }
    }
  }

  private static Optional<Path> runRound(TuneRequest req, int round, List<TaoListener> listeners,
      List<Map<String, Double>> allSteps, List<String> stops) {
    List<Prompt> prompts = new ArrayList<>(req.prompts().prompts(round));
    if (prompts.isEmpty()) {
      throw new DataInputException("round " + round + " has no prompts from " + req.prompts().describe());
    }
    Collections.shuffle(prompts, new Random(req.seed() * 31 + round));
    int perStep = Math.min(req.promptsPerStep(), prompts.size());
    int totalSteps = req.stepsPerRound() > 0 ? req.stepsPerRound() : (prompts.size() + perStep - 1) / perStep;
    emit(listeners, new TaoEvent.RoundStarted(round, prompts.size()));
    HealthySnapshots healthy = req.policy() instanceof DecoderPolicy dp
        ? new HealthySnapshots(dp.model().weights(), req.collapseGuard().snapshotEvery(),
            req.collapseGuard().trustedSnapshotAge())
        : null;
    CollapseGuard.Monitor monitor = req.collapseGuard().monitor();
    Map<String, Double> last = Map.of();
    try {
      for (int step = 0; step < totalSteps; step++) {
        List<Prompt> batch = new ArrayList<>(perStep);
        for (int i = 0; i < perStep; i++) {
          batch.add(prompts.get((step * perStep + i) % prompts.size()));
        }
        long sampleStart = System.nanoTime();
        long seed = req.seed() * 1_000_003L + round * 10_007L + step;
        List<CandidateGroup> groups = req.generator().generate(req.policy(), batch, seed);
        double sampleSeconds = (System.nanoTime() - sampleStart) / 1e9;
        List<ScoredGroup> scored = score(req, groups);
        TrainStepResult tr = req.trainer().step(req.policy(), scored);
        Map<String, Double> m = new LinkedHashMap<>(GroupStats.of(scored, sampleSeconds));
        m.putAll(tr.metrics());
        m.put("skipped", tr.skipped() ? 1.0 : 0.0);
        allSteps.add(m);
        last = m;
        emit(listeners, new TaoEvent.StepCompleted(round, step, totalSteps, m));
        Optional<String> collapse = monitor.check(m);
        if (collapse.isPresent()) {
          String why = "round " + round + " stopped after step " + (step + 1) + ": " + collapse.get();
          if (healthy != null) {
            int at = healthy.restore(step + 1);
            why += at == 0 ? "; weights restored to the start of the round"
                : "; weights restored to the healthy snapshot after step " + at;
          }
          stops.add(why);
          emit(listeners, new TaoEvent.Warning(why));
          break;
        }
        if (healthy != null) {
          healthy.afterHealthyUpdate(step + 1);
        }
      }
    } finally {
      if (healthy != null) {
        healthy.close();
      }
    }
    Optional<Path> checkpoint = req.outputDir().map(d -> d.resolve("round-" + round));
    checkpoint.ifPresent(req.policy()::save);
    emit(listeners, new TaoEvent.RoundCompleted(round, last, checkpoint));
    return checkpoint;
  }

  private static List<ScoredGroup> score(TuneRequest req, List<CandidateGroup> groups) {
    List<ScoredGroup> out = new ArrayList<>(groups.size());
    for (CandidateGroup g : groups) {
      List<Score> scores;
      try {
        scores = req.scorer().score(g);
      } catch (TaoException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ScoringException("scorer '" + req.scorer().name() + "' failed on prompt '" + g.prompt().id()
            + "': " + e, e);
      }
      if (scores == null || scores.size() != g.size()) {
        throw new ScoringException("scorer '" + req.scorer().name() + "' returned "
            + (scores == null ? "null" : scores.size() + " scores") + " for " + g.size() + " candidates of prompt '"
            + g.prompt().id() + "'");
      }
      out.add(new ScoredGroup(g, scores));
    }
    return out;
  }

  private static void emit(List<TaoListener> listeners, TaoEvent e) {
    for (TaoListener l : listeners) {
      l.onEvent(e);
    }
  }
}
