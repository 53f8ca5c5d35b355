package ai.tao.benchmarks.suite;

import static ai.tao.benchmarks.suite.ReportFormat.bySeed;
import static ai.tao.benchmarks.suite.ReportFormat.interval;
import static ai.tao.benchmarks.suite.ReportFormat.percent;

import ai.tao.benchmarks.suite.ReportBlock.Bullets;
import ai.tao.benchmarks.suite.ReportBlock.Heading;
import ai.tao.benchmarks.suite.ReportBlock.Image;
import ai.tao.benchmarks.suite.ReportBlock.Table;
import ai.tao.benchmarks.suite.ReportBlock.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report's text as blocks: title, settings and machine, notes, the headline across tasks, each
 * task's parts, then the speed part. A part that was not run prints one sentence saying so, and a
 * chart is linked only where its file was written.
 */
final class ReportDocument {
  private final List<ReportBlock> blocks = new ArrayList<>();
  private final Set<String> charts;

  private ReportDocument(Set<String> charts) {
    this.charts = Set.copyOf(charts);
  }

  /** The blocks of {@code report}; {@code charts} are the names of the chart files written beside it. */
  static List<ReportBlock> of(SuiteReport report, Set<String> charts) {
    ReportDocument doc = new ReportDocument(charts);
    doc.header(report);
    doc.headline(report.tasks());
    for (TaskReport task : report.tasks()) {
      doc.task(task);
    }
    doc.perf(report.perf());
    return List.copyOf(doc.blocks);
  }

  /** The report's title, the first heading and the HTML page's title. */
  static String title(SuiteReport report) {
    return "TAO suite report" + (report.quick() ? " (quick run)" : "");
  }

  private void header(SuiteReport report) {
    add(new Heading(1, title(report)));
    add(new Text(String.format(Locale.ROOT, "%d tasks; this run took %.0f s (cached parts cost nothing).",
        report.tasks().size(), report.seconds())));
    add(new Heading(2, "Settings and machine"));
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Object> e : report.settings().entrySet()) {
      rows.add(List.of(e.getKey(), ReportFormat.setting(e.getValue())));
    }
    add(new Table(List.of("setting", "value"), rows));
    if (report.machine().isEmpty()) {
      add(new Text("The machine was not recorded."));
    } else {
      add(new Table(List.of("machine", "value"),
          report.machine().entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList()));
    }
    add(new Heading(2, "Notes"));
    add(report.notes().isEmpty() ? new Text("No notes.") : new Bullets(report.notes()));
  }

  private void headline(List<TaskReport> tasks) {
    add(new Heading(2, "Headline"));
    List<TaskReport> withTable3 = tasks.stream().filter(t -> !t.table3().isEmpty()).toList();
    if (withTable3.isEmpty()) {
      add(new Text("Table 3 was not run on any task."));
    } else {
      List<String> header = new ArrayList<>(List.of("task"));
      for (HeadlineRows pick : HeadlineRows.values()) {
        header.add(pick.label());
      }
      List<List<String>> rows = new ArrayList<>();
      for (TaskReport task : withTable3) {
        List<String> row = new ArrayList<>(List.of(task.title()));
        for (HeadlineRows pick : HeadlineRows.values()) {
          Optional<MethodRow> picked = pick.pick(task.table3());
          row.add(picked.map(r -> percent(r.accuracy().mean()) + " " + interval(r.accuracy()))
              .orElse(ReportFormat.MISSING));
        }
        rows.add(row);
      }
      add(new Table(header, rows));
    }
    image(ReportCharts.SUMMARY, "Held-out pass@1 by task");
    image(ReportCharts.HEADLINE_LABELS, "SFT on K labels vs TAO with none, by task");
  }

  private void task(TaskReport task) {
    add(new Heading(2, task.title() + " (" + task.task() + ")"));
    add(new Text(task.heldout() + " held-out questions; grading: " + task.grading() + "."));
    table3(task);
    labels(task);
    scaling(task);
    curves(task);
  }

  private void table3(TaskReport task) {
    add(new Heading(3, "Table 3"));
    if (task.table3().isEmpty()) {
      add(new Text("Table 3 was not run."));
      return;
    }
    List<List<String>> rows = task.table3().stream().map(r -> List.of(r.label(), String.valueOf(r.labels()),
        percent(r.accuracy().mean()), interval(r.accuracy()), bySeed(r.accuracy()))).toList();
    add(new Table(List.of("method", "labels", "pass@1 mean", "95% CI", "by seed"), rows));
    image(ReportCharts.table3(task), task.title() + ": Table 3");
  }

  private void labels(TaskReport task) {
    add(new Heading(3, "Label equivalence"));
    LabelEquivalence labels = task.labels();
    if (labels == null) {
      add(new Text("Label equivalence was not run."));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (LabelPoint p : labels.sft()) {
      rows.add(List.of("SFT", String.valueOf(p.labels()), percent(p.accuracy().mean()), interval(p.accuracy()),
          bySeed(p.accuracy())));
    }
    rows.add(List.of("TAO (" + labels.taoKey() + ")", "0", percent(labels.tao().mean()), interval(labels.tao()),
        bySeed(labels.tao())));
    add(new Table(List.of("method", "labels K", "pass@1 mean", "95% CI", "by seed"), rows));
    add(new Text(labels.verdict()));
    image(ReportCharts.labels(task), task.title() + ": SFT on K labels vs TAO with none");
  }

  private void scaling(TaskReport task) {
    add(new Heading(3, "Scaling"));
    Scaling scaling = task.scaling();
    if (scaling == null) {
      add(new Text("Scaling was not run."));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    Estimate base = scaling.baseAccuracy();
    rows.add(List.of("base", "0", percent(base.mean()), interval(base),
        ReportFormat.rate(scaling.baseTokensPerSecond())));
    for (ScalingPoint p : scaling.points()) {
      rows.add(List.of(String.valueOf(p.candidates()), ReportFormat.count(p.sampledTokens()),
          percent(p.accuracy().mean()), interval(p.accuracy()), ReportFormat.rate(p.tokensPerSecond())));
    }
    add(new Table(List.of("N", "sampled tokens", "pass@1", "95% CI", "tokens/s"), rows));
    image(ReportCharts.scaling(task), task.title() + ": accuracy vs tuning compute");
    image(ReportCharts.speed(task), task.title() + ": inference speed");
  }

  private void curves(TaskReport task) {
    add(new Heading(3, "Training curves"));
    if (task.curves().isEmpty()) {
      add(new Text("Training curves were not run."));
      return;
    }
    add(new Text(task.curves().size() + " TAO runs: reward, KL, entropy, diversity, truncated fraction and reward"
        + " precision by step."));
    image(ReportCharts.curves(task), task.title() + ": training curves");
  }

  private void perf(Perf perf) {
    add(new Heading(2, "Speed"));
    if (perf == null) {
      add(new Text("The speed part was not run."));
      return;
    }
    add(new Text("GEMM rate of this machine: " + ReportFormat.rate(perf.gemmGflops()) + " GFLOP/s."));
    add(new Text("Peer: " + perf.peer()));
    if (perf.paths().isEmpty()) {
      add(new Text("No hot path was measured."));
      return;
    }
    List<List<String>> rows = perf.paths().stream().map(p -> List.of(p.path(), p.shape(), p.work(),
        ReportFormat.rate(p.tokensPerSecond()), ReportFormat.rate(p.peerTokensPerSecond()),
        ReportFormat.ratio(p.ratio()), ReportFormat.rate(p.gflops()), percent(p.fractionOfGemm()))).toList();
    add(new Table(List.of("path", "shape", "work", "this tok/s", "peer tok/s", "ratio", "GFLOP/s", "fraction of GEMM"),
        rows));
    image(ReportCharts.PERF, "Hot paths: tokens/s");
  }

  private void image(String file, String alt) {
    if (charts.contains(file)) {
      add(new Image(file, alt));
    }
  }

  private void add(ReportBlock block) {
    blocks.add(block);
  }
}
