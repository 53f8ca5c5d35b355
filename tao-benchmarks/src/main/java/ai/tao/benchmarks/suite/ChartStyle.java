package ai.tao.benchmarks.suite;

import ai.tao.api.OutputException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;

/**
 * The look every report chart shares: white background, light grid, anti-aliased, one colour per
 * method family and a fixed series palette, so a family reads the same colour in every chart.
 */
final class ChartStyle {
  /** Width of every chart, px. */
  static final int WIDTH = 900;
  /** Height of every chart but the training curves, px. */
  static final int HEIGHT = 500;
  /** Height of the training curves: six stacked plots need the room. */
  static final int CURVES_HEIGHT = 1100;

  static final Color BASE = new Color(0x7f7f7f);
  static final Color SFT = new Color(0x1f77b4);
  static final Color TAO = new Color(0x2ca02c);
  static final Color CONTROL = new Color(0xff7f0e);
  static final Color ORACLE = new Color(0x9467bd);
  private static final Color OTHER = new Color(0x8c564b);
  private static final Color GRID = new Color(0xd9d9d9);

  /** Matplotlib's "tab10", a palette that stays distinguishable when printed in grey. */
  private static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf));

  static final Stroke LINE = new BasicStroke(2f);
  static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {8f, 5f}, 0f);

  private ChartStyle() {}

  /** The colour of a {@link MethodRow#family()}. */
  static Color family(String family) {
    return switch (family) {
      case "base" -> BASE;
      case "sft" -> SFT;
      case "tao" -> TAO;
      case "control" -> CONTROL;
      case "oracle" -> ORACLE;
      default -> OTHER;
    };
  }

  /** The colour of the {@code index}th series of a chart with several. */
  static Color series(int index) {
    return PALETTE.get(index % PALETTE.size());
  }

  /** {@code color} made translucent, for a band behind the data. */
  static Color translucent(Color color, int alpha) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
  }

  /**
   * Sets {@code axis} to span {@code low..high} with a margin. Needed where markers must be seen:
   * JFreeChart's automatic range covers the data only, so a band above every point would fall off.
   * The values are percentages: the axis never goes past 0–100 (with a small margin), where a wide
   * interval from few seeds would otherwise squash the bars; the tables print the interval clipped.
   */
  static void fitRange(ValueAxis axis, double low, double high, boolean fromZero) {
    low = Math.max(0, low);
    high = Math.min(100, high);
    double span = Math.max(high - low, 1.0);
    double lower = fromZero ? 0 : Math.max(-2, low - 0.08 * span);
    axis.setRange(lower, Math.min(104, high + 0.12 * span));
  }

  /**
   * {@code name}, or {@code name #2}, {@code #3}... where {@code seen} holds it already: JFreeChart
   * datasets reject (or silently merge) two series or columns with one key.
   */
  static String uniqueKey(String name, Set<String> seen) {
    String key = name;
    for (int i = 2; !seen.add(key); i++) {
      key = name + " #" + i;
    }
    return key;
  }

  /** Applies the shared look to {@code chart} and adds {@code subtitle} when it is not blank. */
  static JFreeChart finish(JFreeChart chart, String subtitle) {
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getLegend() != null) {
      chart.getLegend().setBackgroundPaint(Color.WHITE);
    }
    if (subtitle != null && !subtitle.isBlank()) {
      chart.addSubtitle(new TextTitle(subtitle));
    }
    style(chart.getPlot());
    return chart;
  }

  /** Saves {@code chart} as a PNG of {@code width} x {@code height} px. */
  static Path save(JFreeChart chart, Path file, int width, int height) {
    try {
      ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
      return file;
    } catch (IOException e) {
      throw new OutputException("could not write the chart " + file + ": " + e.getMessage(), e);
    }
  }

  private static void style(Plot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof CombinedDomainXYPlot combined) {
      combined.getSubplots().forEach(ChartStyle::style);
    } else if (plot instanceof XYPlot xy) {
      grid(xy);
    } else if (plot instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(GRID);
      category.setRangeGridlinesVisible(true);
    }
  }

  private static void grid(XYPlot plot) {
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlinesVisible(true);
    plot.setRangeGridlinesVisible(true);
  }
}
