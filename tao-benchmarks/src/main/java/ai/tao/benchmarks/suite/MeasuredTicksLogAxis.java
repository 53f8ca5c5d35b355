package ai.tao.benchmarks.suite;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A log axis with a tick at each measured value only (K = 25, 50, 100, 200), labelled as a plain
 * number. LogAxis's own ticks fall at fractional powers of ten (25.1, 28.2, 31.6...), which reads
 * as if those were measured.
 */
final class MeasuredTicksLogAxis extends LogAxis {
  private static final long serialVersionUID = 1L;
  private final double[] values;
  private final NumberFormat format = new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT));

  /** An axis labelled {@code label} with ticks at the positive {@code values}. */
  MeasuredTicksLogAxis(String label, Collection<? extends Number> values) {
    super(label);
    this.values = values.stream().mapToDouble(Number::doubleValue).filter(v -> v > 0).distinct().sorted().toArray();
    setNumberFormatOverride(format);
  }

  @Override
  public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
    boolean horizontal = RectangleEdge.isTopOrBottom(edge);
    TextAnchor anchor = horizontal
        ? (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER)
        : (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT);
    List<ValueTick> ticks = new ArrayList<>();
    for (double v : values) {
      if (getRange().contains(v)) {
        ticks.add(new NumberTick(v, format.format(v), anchor, TextAnchor.CENTER, 0.0));
      }
    }
    return ticks;
  }
}
