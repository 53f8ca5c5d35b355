package ai.tao.benchmarks.suite;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A task's training curves: six signals stacked on one shared step axis, one line per TAO run, so
 * a reward that climbs while diversity collapses or truncation grows is seen at the same step.
 */
final class CurveCharts {
  /** One stacked plot: its axis label and the signal it draws. */
  private record Signal(String label, ToDoubleFunction<CurvePoint> value) {}

  private static final List<Signal> SIGNALS = List.of(new Signal("reward", CurvePoint::reward),
      new Signal("KL", CurvePoint::kl), new Signal("entropy", CurvePoint::entropy),
      new Signal("diversity", CurvePoint::diversity), new Signal("truncated fraction", CurvePoint::truncated),
      new Signal("reward precision", CurvePoint::precision));

  /** Up to this many points per line, each point is also drawn as a shape: a short curve stays visible. */
  private static final int SHAPES_UP_TO = 30;

  private static final Shape POINT = new Ellipse2D.Double(-3, -3, 6, 6);

  private CurveCharts() {}

  /** The six signals of every curve of {@code task}; a NaN value (not measured that step) is left out. */
  static JFreeChart curves(TaskReport task) {
    List<String> names = seriesNames(task.curves());
    NumberAxis steps = new NumberAxis("TAO step");
    steps.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(steps);
    plot.setGap(10);
    int longest = task.curves().stream().mapToInt(c -> c.points().size()).max().orElse(0);
    for (Signal signal : SIGNALS) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (int i = 0; i < task.curves().size(); i++) {
        XYSeries series = new XYSeries(names.get(i), false, true);
        for (CurvePoint p : task.curves().get(i).points()) {
          double v = signal.value().applyAsDouble(p);
          if (Double.isFinite(v)) {
            series.add(p.step(), v);
          }
        }
        data.addSeries(series);
      }
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, longest <= SHAPES_UP_TO);
      for (int i = 0; i < names.size(); i++) {
        renderer.setSeriesPaint(i, ChartStyle.series(i));
        renderer.setSeriesStroke(i, ChartStyle.LINE);
        // Set here, not drawn from the plot: the subplots share one supplier and would each get other shapes.
        renderer.setSeriesShape(i, POINT);
      }
      NumberAxis y = new NumberAxis(signal.label());
      y.setAutoRangeIncludesZero(false);
      plot.add(new XYPlot(data, null, y, renderer), 1);
    }
    // Each subplot would add its own copy of every series to the legend; show the first's only.
    plot.setFixedLegendItems(plot.getSubplots().get(0).getLegendItems());
    JFreeChart chart = new JFreeChart(task.title() + ": training curves", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    return ChartStyle.finish(chart, "one line per TAO run (variant and seed); steps where a signal was not"
        + " measured are left out");
  }

  /** "key seed N" for each curve, made unique. */
  private static List<String> seriesNames(List<Curve> curves) {
    Set<String> seen = new HashSet<>();
    return curves.stream().map(c -> ChartStyle.uniqueKey(c.key() + " seed " + c.seed(), seen)).toList();
  }
}
