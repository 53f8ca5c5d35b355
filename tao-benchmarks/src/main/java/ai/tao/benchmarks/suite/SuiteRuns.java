package ai.tao.benchmarks.suite;

import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.tao.api.StepMetrics;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.DemoRuns;
import ai.tao.benchmarks.demo.LabelAudit;
import ai.tao.core.TuneResult;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The suite's units on one task, each from a fresh copy of the base: measuring the base, one TAO
 * run, one SFT run. Every TAO run is label-audited; a run that saw a label fails the suite.
 */
final class SuiteRuns {
  /** Held-out prompts timed for inference speed. */
  static final int SPEED_PROMPTS = 32;
  private final SuiteTask task;
  private final SuiteOptions opt;
  private final Path work;

  SuiteRuns(SuiteTask task, SuiteOptions opt, Path work) {
    this.task = task;
    this.opt = opt;
    this.work = work;
  }

  /** The base's pass@1, majority@N (N = Table 3's candidates) and inference speed. */
  RunRecord base() {
    long t = System.nanoTime();
    try (DecoderPolicy base = task.base(work.resolve("base"))) {
      Map<String, Double> pass = task.passAt1(base);
      Map<String, Double> majority = task.majorityAtN(base, opt.demo(opt.candidates));
      return new RunRecord(pass, majority, 0, tokensPerSecond(base), List.of(), seconds(t));
    }
  }

  /** TAO with {@code variant}'s reward and {@code candidates} per prompt, on {@code seed}. */
  RunRecord tao(String variant, int candidates, long seed) {
    long t = System.nanoTime();
    DemoOptions d = opt.demo(candidates);
    LabelAudit audit = new LabelAudit(task.labelTexts());
    List<CurvePoint> curve = new ArrayList<>();
    try (DecoderPolicy policy = task.base(work.resolve("tao-" + variant + "-" + candidates + "-" + seed));
        PrecisionProbe probe = new PrecisionProbe(task.scorer(variant), task::correct)) {
      Scorer scorer = audit.watch(probe);
      TaoListener curves = TaoListener.of(e -> {
        if (e instanceof TaoEvent.StepCompleted s) {
          curve.add(point(curve.size() + 1, s.metrics(), probe.endStep()));
        }
      });
      TuneResult r = DemoRuns.tao(policy, audit.watch(task.prompts()), scorer, task.generator(d), d, seed, variant,
          List.of(curves));
      if (audit.labelsSeen() > 0) {
        throw new IllegalStateException(task.name() + " TAO run " + variant + " seed " + seed + " saw "
            + audit.labelsSeen() + " labels; no label may reach TAO");
      }
      long sampled = r.steps().stream().mapToLong(StepMetrics::sampledTokens).sum();
      return new RunRecord(task.passAt1(policy), Map.of(), sampled, tokensPerSecond(policy), curve, seconds(t));
    }
  }

  /** SFT on {@code labels} at TAO's number of steps, on {@code seed}. */
  RunRecord sft(String what, List<LabeledExample> labels, long seed) {
    long t = System.nanoTime();
    try (DecoderPolicy policy = task.base(work.resolve("sft-" + what + "-" + seed))) {
      DemoRuns.sft(policy, labels, opt.demo(opt.candidates), seed);
      return new RunRecord(task.passAt1(policy), Map.of(), 0, Double.NaN, List.of(), seconds(t));
    }
  }

  private static CurvePoint point(int step, StepMetrics m, double precision) {
    return new CurvePoint(step, m.rewardMean().orElse(Double.NaN), m.train().kl().orElse(Double.NaN),
        m.train().entropy().orElse(Double.NaN), m.answerDiversity(), m.truncatedFraction(), precision);
  }

  /**
   * Greedy answers to the held-out speed prompts, generated tokens per second: timed on the second
   * of two passes, so the first pays for warming up.
   */
  double tokensPerSecond(DecoderPolicy policy) {
    List<Prompt> prompts = task.speedPrompts();
    prompts = prompts.subList(0, Math.min(SPEED_PROMPTS, prompts.size()));
    SamplingParams greedy = SamplingParams.builder().candidatesPerPrompt(1).temperature(0)
        .maxNewTokens(task.maxNewTokens()).stopStrings(List.of("\n")).seed(0).build();
    policy.sample(prompts, greedy);
    long t = System.nanoTime();
    List<Rollout> out = policy.sample(prompts, greedy);
    double s = seconds(t);
    long tokens = 0;
    for (Rollout r : out) {
      for (Completion c : r.completions()) {
        tokens += c.tokenIds().length;
      }
    }
    return tokens / s;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
