package ai.tao.benchmarks.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;

/**
 * Which charts a report has, what their files are called, and writing them. A chart is written only
 * where its part was run, so every file name the text links to exists.
 */
final class ReportCharts {
  static final String PERF = "perf.png";
  static final String SUMMARY = "summary.png";
  static final String HEADLINE_LABELS = "headline-labels.png";

  private ReportCharts() {}

  static String table3(TaskReport task) {
    return "table3-" + fileSafe(task.task()) + ".png";
  }

  static String labels(TaskReport task) {
    return "labels-" + fileSafe(task.task()) + ".png";
  }

  static String scaling(TaskReport task) {
    return "scaling-" + fileSafe(task.task()) + ".png";
  }

  static String speed(TaskReport task) {
    return "speed-" + fileSafe(task.task()) + ".png";
  }

  static String curves(TaskReport task) {
    return "curves-" + fileSafe(task.task()) + ".png";
  }

  /** Writes every chart {@code report} has into {@code dir}; returns the files, in report order. */
  static List<Path> writeAll(SuiteReport report, Path dir) {
    // Charts are drawn off screen; without this a machine with no display fails on the first font.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<Path> written = new ArrayList<>();
    if (report.tasks().stream().anyMatch(t -> !t.table3().isEmpty())) {
      written.add(save(SuiteCharts.summary(report.tasks()), dir, SUMMARY, ChartStyle.HEIGHT));
    }
    if (report.tasks().stream().anyMatch(t -> t.labels() != null)) {
      written.add(save(SuiteCharts.labels(report.tasks()), dir, HEADLINE_LABELS, ChartStyle.HEIGHT));
    }
    for (TaskReport task : report.tasks()) {
      if (!task.table3().isEmpty()) {
        written.add(save(TaskCharts.table3(task), dir, table3(task), ChartStyle.HEIGHT));
      }
      if (task.labels() != null) {
        written.add(save(TaskCharts.labels(task), dir, labels(task), ChartStyle.HEIGHT));
      }
      if (task.scaling() != null) {
        written.add(save(TaskCharts.scaling(task), dir, scaling(task), ChartStyle.HEIGHT));
        written.add(save(TaskCharts.speed(task), dir, speed(task), ChartStyle.HEIGHT));
      }
      if (!task.curves().isEmpty()) {
        written.add(save(CurveCharts.curves(task), dir, curves(task), ChartStyle.CURVES_HEIGHT));
      }
    }
    if (report.perf() != null && !report.perf().paths().isEmpty()) {
      written.add(save(SuiteCharts.perf(report.perf()), dir, PERF, ChartStyle.HEIGHT));
    }
    return written;
  }

  private static Path save(JFreeChart chart, Path dir, String name, int height) {
    return ChartStyle.save(chart, dir.resolve(name), ChartStyle.WIDTH, height);
  }

  /** A task id as a file-name part: anything but letters, digits, '.', '_' and '-' becomes '_'. */
  static String fileSafe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
