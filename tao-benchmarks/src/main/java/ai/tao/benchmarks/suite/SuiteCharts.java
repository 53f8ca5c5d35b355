package ai.tao.benchmarks.suite;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The charts across tasks (the two headline charts) and the speed part's chart. */
final class SuiteCharts {
  static final String THIS_PROJECT = "this project";
  static final String PEER = "peer";

  private SuiteCharts() {}

  /**
   * Headline chart 1: for each task with a Table 3, the {@link HeadlineRows} side by side with
   * their intervals.
   */
  static JFreeChart summary(List<TaskReport> tasks) {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    Set<String> seen = new HashSet<>();
    double high = 0;
    for (TaskReport task : tasks) {
      if (task.table3().isEmpty()) {
        continue;
      }
      String column = ChartStyle.uniqueKey(task.title(), seen);
      for (HeadlineRows pick : HeadlineRows.values()) {
        Optional<MethodRow> row = pick.pick(task.table3());
        if (row.isPresent()) {
          Estimate e = row.get().accuracy();
          data.add(100 * e.mean(), 100 * e.reach(), pick.label(), column);
          high = Math.max(high, 100 * e.high());
        }
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("Held-out pass@1 by task", null, "held-out pass@1 (%)", data,
        PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    StatisticalBarRenderer renderer = new StatisticalBarRenderer();
    ColumnColours.flat(renderer);
    renderer.setErrorIndicatorPaint(Color.BLACK);
    for (int i = 0; i < data.getRowCount(); i++) {
      String label = (String) data.getRowKey(i);
      for (HeadlineRows pick : HeadlineRows.values()) {
        if (pick.label().equals(label)) {
          renderer.setSeriesPaint(i, ChartStyle.family(pick.family()));
        }
      }
    }
    plot.setRenderer(renderer);
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    ChartStyle.fitRange(plot.getRangeAxis(), 0, high, true);
    return ChartStyle.finish(chart, TaskCharts.CI_NOTE);
  }

  /**
   * Headline chart 2: every task's label-equivalence curve on one log K axis, each task's TAO mean
   * as a dashed line in the curve's colour. At least one task must have its labels part.
   */
  static JFreeChart labels(List<TaskReport> tasks) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    Set<String> seen = new HashSet<>();
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    List<TaskReport> withLabels = tasks.stream().filter(t -> t.labels() != null).toList();
    for (TaskReport task : withLabels) {
      YIntervalSeries series = new YIntervalSeries(ChartStyle.uniqueKey(task.title(), seen));
      Estimate tao = task.labels().tao();
      low = Math.min(low, 100 * tao.mean());
      high = Math.max(high, 100 * tao.mean());
      for (LabelPoint p : task.labels().sft()) {
        if (p.labels() > 0) {
          series.add(p.labels(), 100 * p.accuracy().mean(), 100 * p.accuracy().low(), 100 * p.accuracy().high());
          low = Math.min(low, 100 * p.accuracy().low());
          high = Math.max(high, 100 * p.accuracy().high());
        }
      }
      data.addSeries(series);
    }
    XYPlot plot = TaskCharts.errorPlot(data, "labeled questions K for SFT (log scale)");
    for (int i = 0; i < withLabels.size(); i++) {
      Color colour = ChartStyle.series(i);
      plot.getRenderer().setSeriesPaint(i, colour);
      plot.addRangeMarker(new ValueMarker(100 * withLabels.get(i).labels().tao().mean(), colour, ChartStyle.DASHED));
    }
    ChartStyle.fitRange(plot.getRangeAxis(), low, high, false);
    JFreeChart chart = new JFreeChart("SFT on K labels vs TAO with none, by task", JFreeChart.DEFAULT_TITLE_FONT,
        plot, true);
    return ChartStyle.finish(chart, "solid: SFT on K labels, 95% CIs over seeds; dashed: TAO with 0 labels, in the"
        + " task's colour");
  }

  /** Tokens/s of each hot path (path, shape) here and, where it ran, in the peer. */
  static JFreeChart perf(Perf perf) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    Set<String> seen = new HashSet<>();
    boolean anyPeer = perf.paths().stream().anyMatch(p -> p.peerTokensPerSecond() != null);
    for (HotPath path : perf.paths()) {
      String column = ChartStyle.uniqueKey(path.path() + " (" + path.shape() + ")", seen);
      data.addValue(path.tokensPerSecond(), THIS_PROJECT, column);
      if (anyPeer) {
        // A path the peer did not run keeps an empty slot, so every path's bars line up the same way.
        data.addValue(path.peerTokensPerSecond(), PEER, column);
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("Hot paths: tokens/s", null, "tokens/s", data,
        PlotOrientation.VERTICAL, true, false, false);
    BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
    ColumnColours.flat(renderer);
    renderer.setSeriesPaint(0, ChartStyle.TAO);
    renderer.setSeriesPaint(1, ChartStyle.CONTROL);
    chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelLines(2);
    String subtitle = "GEMM " + ReportFormat.rate(perf.gemmGflops()) + " GFLOP/s; peer: " + perf.peer();
    return ChartStyle.finish(chart, subtitle);
  }
}
