package ai.tao.benchmarks.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Made-up suite reports for the writer's tests: a task with every part, a task with most parts not
 * run, and the speed part with and without the peer. Text holds characters HTML and Markdown give
 * meaning to, so escaping is exercised.
 */
final class FakeReports {
  static final String SQL_TITLE = "Text to SQL";
  static final String DOCQA_TITLE = "Doc QA <invoices> & totals";
  static final String NOTE = "Curves skipped for seed 3 because reward < 0 & \"n/a\"";

  private FakeReports() {}

  /** Both tasks and the speed part with peer values. */
  static SuiteReport full() {
    return report(List.of(sql(), docqa()), perfWithPeer());
  }

  /** Both tasks; the peer was not installed, so no hot path has peer values. */
  static SuiteReport withoutPeer() {
    return report(List.of(sql(), docqa()), perfWithoutPeer());
  }

  /** Both tasks, the speed part not run. */
  static SuiteReport withoutPerf() {
    return report(List.of(sql(), docqa()), null);
  }

  static SuiteReport report(List<TaskReport> tasks, Perf perf) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("steps", 8);
    settings.put("seeds", List.of(1, 2, 3));
    settings.put("kValues", List.of(25, 50, 100, 200));
    settings.put("temperature", 0.7);
    settings.put("targetKl", Double.NaN);
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("cpu", "Fake CPU @ 3.0GHz");
    machine.put("cores", "2");
    machine.put("java", "17");
    return new SuiteReport(false, settings, machine, 1234.5, tasks, perf, List.of(NOTE));
  }

  /** Every part present. */
  static TaskReport sql() {
    List<MethodRow> table3 = List.of(
        new MethodRow("base", "Base model", "base", 0, Estimate.single(0.32)),
        new MethodRow("sft_doc", "SFT on docs", "sft", 0, Estimate.of(List.of(0.34, 0.36, 0.38))),
        new MethodRow("tao:grounding_majority", "TAO <grounding & majority>", "tao", 0,
            Estimate.of(List.of(0.30, 0.34, 0.32))),
        new MethodRow("tao:majority", "TAO majority", "tao", 0, Estimate.of(List.of(0.50, 0.52, 0.54))),
        new MethodRow("random_reward", "Random reward", "control", 0, Estimate.of(List.of(0.20, 0.22, 0.24))),
        new MethodRow("sft_oracle", "SFT oracle", "oracle", 200, Estimate.of(List.of(0.84, 0.86, 0.88))));
    List<LabelPoint> sft = List.of(new LabelPoint(25, Estimate.of(List.of(0.30, 0.32, 0.34))),
        new LabelPoint(50, Estimate.of(List.of(0.38, 0.40, 0.42))),
        new LabelPoint(100, Estimate.of(List.of(0.46, 0.48, 0.50))),
        new LabelPoint(200, Estimate.of(List.of(0.56, 0.58, 0.60))));
    LabelEquivalence labels = new LabelEquivalence(sft, "tao:majority", Estimate.of(List.of(0.50, 0.52, 0.54)),
        140.0, "TAO with no labels is worth about 140 labels");
    Scaling scaling = new Scaling(List.of(
        new ScalingPoint(2, 10_000, Estimate.of(List.of(0.36, 0.38, 0.40)), 121.0),
        new ScalingPoint(4, 20_000, Estimate.of(List.of(0.42, 0.44, 0.46)), 119.5),
        new ScalingPoint(8, 40_000, Estimate.of(List.of(0.50, 0.52, 0.54)), 120.25)),
        Estimate.single(0.32), 120.5);
    List<Curve> curves = List.of(curve("tao:majority", 1), curve("tao:majority", 2),
        curve("tao:grounding_majority", 1));
    return new TaskReport("sql", SQL_TITLE, 100, "the query's result set equals the gold query's", table3, labels,
        scaling, curves);
  }

  /** A partial Table 3 (no SFT, control or oracle rows) and no other part. */
  static TaskReport docqa() {
    List<MethodRow> table3 = List.of(new MethodRow("base", "Base model", "base", 0, Estimate.single(0.40)),
        new MethodRow("tao:majority", "TAO majority", "tao", 0, Estimate.of(List.of(0.44, 0.48))));
    return new TaskReport("docqa", DOCQA_TITLE, 50, "exact match & numeric tolerance", table3, null, null,
        List.of());
  }

  /** Five steps; the reward precision is NaN on the first step (no candidate was favoured). */
  static Curve curve(String key, long seed) {
    List<CurvePoint> points = new ArrayList<>();
    for (int step = 0; step < 5; step++) {
      double precision = step == 0 ? Double.NaN : 0.5 + 0.05 * step + 0.01 * seed;
      points.add(new CurvePoint(step, 0.2 + 0.1 * step, 0.01 * step, 1.5 - 0.1 * step, 0.8 - 0.05 * step,
          0.02 * seed, precision));
    }
    return new Curve(key, seed, points);
  }

  static Perf perfWithPeer() {
    return new Perf(50.0, List.of(
        new HotPath("rollout", "small", "batch 32, prompt 64, 64 new tokens", 1000.0, 800.0, 1.25, 20.0, 0.4),
        new HotPath("train_step", "small", "batch 32 x 128 tokens", 500.0, 1000.0, 0.5, 30.0, 0.6)),
        "peer_llama.py with torch 2.3, 2 threads");
  }

  static Perf perfWithoutPeer() {
    return new Perf(50.0, List.of(
        new HotPath("rollout", "small", "batch 32, prompt 64, 64 new tokens", 1000.0, null, null, 20.0, 0.4),
        new HotPath("train_step", "small", "batch 32 x 128 tokens", 500.0, null, null, 30.0, 0.6)),
        "not run: python3 with torch was not found");
  }
}
