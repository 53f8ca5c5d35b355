package ai.tao.benchmarks.suite;

import ai.tao.benchmarks.suite.SuiteOptions.Part;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite's plan for one task: the units each asked-for part needs (shared units, such as the
 * main variant's TAO run that Table 3 and the scaling curve both use, are planned once), and the
 * task's reports assembled from their results.
 */
final class TaskSuite {
  private final SuiteTask task;
  private final SuiteOptions opt;
  private final SuiteRuns runs;

  TaskSuite(SuiteTask task, SuiteOptions opt, Path work) {
    this.task = task;
    this.opt = opt;
    this.runs = new SuiteRuns(task, opt, work.resolve(task.name()));
  }

  /** Every unit the asked-for parts need, each once, in the order they run. */
  List<Unit> units() {
    Map<String, Unit> u = new LinkedHashMap<>();
    add(u, new Unit(key("base"), 60, runs::base));
    for (long seed : opt.seedList()) {
      if (opt.only.contains(Part.TABLE3)) {
        for (String v : task.variants()) {
          add(u, tao(v, opt.candidates, seed));
        }
        add(u, tao(SuiteTask.RANDOM, opt.candidates, seed));
        add(u, sft("doc", seed));
        add(u, sft("oracle", seed));
      }
      if (opt.only.contains(Part.LABELS)) {
        add(u, tao(main(), opt.candidates, seed));
        for (int k : opt.labelCounts) {
          add(u, sft("prod" + k, seed));
        }
      }
      if (opt.only.contains(Part.SCALING)) {
        for (int n : opt.candidateCounts) {
          add(u, tao(main(), n, seed));
        }
      }
    }
    return List.copyOf(u.values());
  }

  private static void add(Map<String, Unit> units, Unit unit) {
    units.putIfAbsent(unit.key(), unit);
  }

  private String main() {
    return task.variants().get(0);
  }

  private String key(String what) {
    return task.name() + "/" + what;
  }

  private String taoKey(String variant, int n, long seed) {
    return key("tao-" + variant + "-n" + n + "-seed" + seed);
  }

  private Unit tao(String variant, int n, long seed) {
    double cost = opt.steps * opt.promptsPerStep * n * 0.05 + 30;
    return new Unit(taoKey(variant, n, seed), cost, () -> runs.tao(variant, n, seed));
  }

  private Unit sft(String what, long seed) {
    double cost = opt.steps * opt.sftBatch * 0.015 + 20;
    return new Unit(key("sft-" + what + "-seed" + seed), cost, () -> runs.sft(what, labels(what), seed));
  }

  private List<ai.tao.core.train.LabeledExample> labels(String what) {
    return switch (what) {
      case "doc" -> task.docLabels();
      case "oracle" -> task.oracleLabels();
      default -> task.productionLabels(Integer.parseInt(what.substring("prod".length())));
    };
  }

  /** The task's reports, one per part, from the units' results. */
  List<TaskReport> reports(Map<String, RunRecord> results) {
    RunRecord base = results.get(key("base"));
    List<TaskReport> out = new ArrayList<>();
    for (String part : task.parts()) {
      String id = task.parts().size() == 1 ? task.name() : task.name() + "-" + part;
      String title = task.parts().size() == 1 ? task.title() : task.title() + ": " + part;
      List<MethodRow> table = opt.only.contains(Part.TABLE3) ? table3(results, base, part) : List.of();
      LabelEquivalence labels = opt.only.contains(Part.LABELS) ? labels(results, table, part) : null;
      Scaling scaling = opt.only.contains(Part.SCALING) ? scaling(results, base, part) : null;
      List<Curve> curves = opt.only.contains(Part.TABLE3) ? curves(results) : List.of();
      out.add(new TaskReport(id, title, task.heldout(part), task.grading(part), table, labels, scaling, curves));
    }
    return out;
  }

  private Estimate bySeed(Map<String, RunRecord> results, java.util.function.LongFunction<String> key, String part) {
    List<Double> v = new ArrayList<>();
    for (long seed : opt.seedList()) {
      v.add(results.get(key.apply(seed)).passAt1().get(part));
    }
    return Estimate.ofAccuracies(v);
  }

  private List<MethodRow> table3(Map<String, RunRecord> results, RunRecord base, String part) {
    List<MethodRow> rows = new ArrayList<>();
    rows.add(new MethodRow("base", "base model", "base", 0, Estimate.single(base.passAt1().get(part))));
    rows.add(new MethodRow("base_majority", "base majority@" + opt.candidates, "base", 0,
        Estimate.single(base.majority().get(part))));
    rows.add(new MethodRow("sft_doc", "SFT, more documentation labels", "sft", task.docLabels().size(),
        bySeed(results, s -> key("sft-doc-seed" + s), part)));
    for (String v : task.variants()) {
      rows.add(new MethodRow("tao:" + v, "TAO, " + v + " (0 labels)", "tao", 0,
          bySeed(results, s -> taoKey(v, opt.candidates, s), part)));
    }
    rows.add(new MethodRow("random_reward", "TAO, random rewards (control)", "control", 0,
        bySeed(results, s -> taoKey(SuiteTask.RANDOM, opt.candidates, s), part)));
    rows.add(new MethodRow("sft_oracle", "SFT, labeled production questions (oracle)", "oracle",
        task.oracleLabels().size(), bySeed(results, s -> key("sft-oracle-seed" + s), part)));
    return rows;
  }

  private LabelEquivalence labels(Map<String, RunRecord> results, List<MethodRow> table, String part) {
    List<LabelPoint> points = new ArrayList<>();
    for (int k : opt.labelCounts.stream().sorted().toList()) {
      points.add(new LabelPoint(k, bySeed(results, s -> key("sft-prod" + k + "-seed" + s), part)));
    }
    MethodRow best = table.stream().filter(r -> r.family().equals("tao"))
        .max(Comparator.comparingDouble(r -> r.accuracy().mean())).orElse(null);
    String taoKey = best != null ? best.key() : "tao:" + main();
    Estimate tao = best != null ? best.accuracy() : bySeed(results, s -> taoKey(main(), opt.candidates, s), part);
    return LabelCurves.equivalence(points, taoKey, tao);
  }

  private Scaling scaling(Map<String, RunRecord> results, RunRecord base, String part) {
    List<ScalingPoint> points = new ArrayList<>();
    for (int n : opt.candidateCounts.stream().sorted().toList()) {
      double tokens = 0;
      double speed = 0;
      for (long seed : opt.seedList()) {
        RunRecord r = results.get(taoKey(main(), n, seed));
        tokens += r.sampledTokens();
        speed += r.tokensPerSecond();
      }
      points.add(new ScalingPoint(n, tokens / opt.seeds, bySeed(results, s -> taoKey(main(), n, s), part),
          speed / opt.seeds));
    }
    return new Scaling(points, Estimate.single(base.passAt1().get(part)), base.tokensPerSecond());
  }

  /** The first seed's curve of each TAO row. */
  private List<Curve> curves(Map<String, RunRecord> results) {
    long seed = opt.firstSeed;
    List<Curve> curves = new ArrayList<>();
    for (String v : task.variants()) {
      curves.add(new Curve("tao:" + v, seed, results.get(taoKey(v, opt.candidates, seed)).curve()));
    }
    curves.add(new Curve("random_reward", seed, results.get(taoKey(SuiteTask.RANDOM, opt.candidates, seed)).curve()));
    return curves;
  }
}
