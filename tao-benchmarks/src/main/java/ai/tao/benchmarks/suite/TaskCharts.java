package ai.tao.benchmarks.suite;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The charts of one task: its Table 3, its label-equivalence curve, and accuracy and speed against
 * tuning compute. Accuracies are drawn in percent; every interval is the 95% confidence interval of
 * the mean over seeds. Each method expects the part it draws to be present.
 */
final class TaskCharts {
  static final String CI_NOTE = "error bars: 95% confidence interval of the mean over seeds (Student's t)";
  private static final Font MARKER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private TaskCharts() {}

  /** Each Table 3 row's mean pass@1 with its interval, coloured by family. */
  static JFreeChart table3(TaskReport task) {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    List<Color> colours = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    double high = 0;
    for (MethodRow row : task.table3()) {
      Estimate e = row.accuracy();
      data.add(100 * e.mean(), 100 * e.reach(), "pass@1", ChartStyle.uniqueKey(row.label(), seen));
      colours.add(ChartStyle.family(row.family()));
      high = Math.max(high, 100 * e.high());
    }
    JFreeChart chart = ChartFactory.createBarChart(task.title() + ": Table 3", null,
        "held-out pass@1 (%), bars are 95% CIs over seeds", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setRenderer(new ColumnColours.StatisticalBars(colours));
    plot.setFixedLegendItems(familyLegend(task.table3()));
    if (task.table3().size() > 6) {
      plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    } else {
      plot.getDomainAxis().setMaximumCategoryLabelLines(3);
    }
    ChartStyle.fitRange(plot.getRangeAxis(), 0, high, true);
    return ChartStyle.finish(chart, task.heldout() + " held-out questions; " + CI_NOTE);
  }

  /** SFT's pass@1 against its number of labels K, with TAO's accuracy at no labels as a band. */
  static JFreeChart labels(TaskReport task) {
    LabelEquivalence labels = task.labels();
    YIntervalSeries sft = new YIntervalSeries("SFT on K labels");
    double low = 100 * labels.tao().low();
    double high = 100 * labels.tao().high();
    for (LabelPoint p : labels.sft()) {
      if (p.labels() > 0) { // a log axis has no place for K = 0
        sft.add(p.labels(), 100 * p.accuracy().mean(), 100 * p.accuracy().low(), 100 * p.accuracy().high());
        low = Math.min(low, 100 * p.accuracy().low());
        high = Math.max(high, 100 * p.accuracy().high());
      }
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(sft);
    XYPlot plot = errorPlot(data, "labeled questions K (log scale)");
    plot.getRenderer().setSeriesPaint(0, ChartStyle.SFT);
    taoBand(plot, labels.tao(), ChartStyle.TAO, "TAO, 0 labels");
    ChartStyle.fitRange(plot.getRangeAxis(), low, high, false);
    JFreeChart chart = new JFreeChart(task.title() + ": labels TAO is worth", JFreeChart.DEFAULT_TITLE_FONT, plot,
        true);
    return ChartStyle.finish(chart, labels.verdict());
  }

  /** Held-out pass@1 against the tokens sampled in tuning, one point per N, the base as a dashed line. */
  static JFreeChart scaling(TaskReport task) {
    Scaling scaling = task.scaling();
    YIntervalSeries tao = new YIntervalSeries("TAO");
    double base = 100 * scaling.baseAccuracy().mean();
    double low = base;
    double high = base;
    for (ScalingPoint p : scaling.points()) {
      if (p.sampledTokens() > 0) {
        tao.add(p.sampledTokens(), 100 * p.accuracy().mean(), 100 * p.accuracy().low(), 100 * p.accuracy().high());
        low = Math.min(low, 100 * p.accuracy().low());
        high = Math.max(high, 100 * p.accuracy().high());
      }
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(tao);
    XYPlot plot = errorPlot(data, "tokens sampled in tuning (log scale)");
    plot.getRenderer().setSeriesPaint(0, ChartStyle.TAO);
    for (ScalingPoint p : scaling.points()) {
      if (p.sampledTokens() > 0) {
        XYTextAnnotation n = new XYTextAnnotation("N=" + p.candidates(), p.sampledTokens(),
            100 * p.accuracy().high());
        n.setTextAnchor(TextAnchor.BOTTOM_CENTER);
        n.setFont(MARKER_FONT);
        plot.addAnnotation(n);
      }
    }
    ValueMarker baseLine = new ValueMarker(base, ChartStyle.BASE, ChartStyle.DASHED);
    label(baseLine, "base " + ReportFormat.percent(scaling.baseAccuracy().mean()));
    plot.addRangeMarker(baseLine);
    ChartStyle.fitRange(plot.getRangeAxis(), low, high, false);
    JFreeChart chart = new JFreeChart(task.title() + ": accuracy vs tuning compute", JFreeChart.DEFAULT_TITLE_FONT,
        plot, true);
    return ChartStyle.finish(chart, "N candidates per prompt; " + CI_NOTE);
  }

  /** Greedy-inference tokens/s of the base and of the model tuned with each N. */
  static JFreeChart speed(TaskReport task) {
    Scaling scaling = task.scaling();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Color> colours = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    data.addValue(scaling.baseTokensPerSecond(), "tokens/s", ChartStyle.uniqueKey("base", seen));
    colours.add(ChartStyle.BASE);
    for (ScalingPoint p : scaling.points()) {
      data.addValue(p.tokensPerSecond(), "tokens/s", ChartStyle.uniqueKey("tuned, N=" + p.candidates(), seen));
      colours.add(ChartStyle.TAO);
    }
    JFreeChart chart = ChartFactory.createBarChart(task.title() + ": inference speed", null, "tokens/s (greedy)",
        data, PlotOrientation.VERTICAL, false, false, false);
    chart.getCategoryPlot().setRenderer(new ColumnColours.Bars(colours));
    return ChartStyle.finish(chart, "tokens generated per second on held-out prompts; the tuned models are the base's"
        + " size, so this should not fall");
  }

  /**
   * An XY plot with lines, points and y error bars from {@code data}'s intervals, on a log x axis
   * ticked at the measured x values. The caller adds markers and titles.
   */
  static XYPlot errorPlot(YIntervalSeriesCollection data, String xLabel) {
    List<Double> xs = new ArrayList<>();
    for (int series = 0; series < data.getSeriesCount(); series++) {
      for (int item = 0; item < data.getItemCount(series); item++) {
        xs.add(data.getXValue(series, item));
      }
    }
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(true);
    renderer.setDefaultStroke(ChartStyle.LINE);
    renderer.setAutoPopulateSeriesStroke(false);
    renderer.setCapLength(6);
    NumberAxis y = new NumberAxis("held-out pass@1 (%)");
    y.setAutoRangeIncludesZero(false);
    return new XYPlot(data, new MeasuredTicksLogAxis(xLabel, xs), y, renderer);
  }

  /** TAO's interval as a translucent band on the range axis, its mean as a solid line. */
  static void taoBand(XYPlot plot, Estimate tao, Color colour, String text) {
    IntervalMarker band = new IntervalMarker(100 * tao.low(), 100 * tao.high(), ChartStyle.translucent(colour, 50));
    plot.addRangeMarker(band, Layer.BACKGROUND);
    ValueMarker mean = new ValueMarker(100 * tao.mean(), colour, ChartStyle.LINE);
    label(mean, text + " " + ReportFormat.percent(tao.mean()));
    plot.addRangeMarker(mean, Layer.FOREGROUND);
  }

  private static void label(ValueMarker marker, String text) {
    marker.setLabel(text);
    marker.setLabelFont(MARKER_FONT);
    marker.setLabelPaint(Color.DARK_GRAY);
    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
  }

  /** One legend entry per family present, in first-seen order. */
  static LegendItemCollection familyLegend(List<MethodRow> rows) {
    LegendItemCollection legend = new LegendItemCollection();
    Set<String> families = new HashSet<>();
    for (MethodRow row : rows) {
      if (families.add(row.family())) {
        legend.add(new LegendItem(row.family(), ChartStyle.family(row.family())));
      }
    }
    return legend;
  }
}
