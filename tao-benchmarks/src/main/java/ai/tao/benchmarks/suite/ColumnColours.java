package ai.tao.benchmarks.suite;

import java.awt.Color;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;

/**
 * Bar renderers that colour each bar by its column, not by its series. A Table 3 chart is one
 * series of methods; colouring by family this way keeps one bar per method centred on its label,
 * where one series per family would leave empty slots beside every bar.
 */
final class ColumnColours {
  private ColumnColours() {}

  /** Mean bars with interval whiskers, coloured by column. */
  static final class StatisticalBars extends StatisticalBarRenderer {
    private static final long serialVersionUID = 1L;
    private final List<Color> colours;

    StatisticalBars(List<Color> colours) {
      this.colours = List.copyOf(colours);
      flat(this);
      setErrorIndicatorPaint(Color.BLACK);
    }

    @Override
    public Paint getItemPaint(int row, int column) {
      return colours.get(column);
    }
  }

  /** Plain bars, coloured by column. */
  static final class Bars extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final List<Color> colours;

    Bars(List<Color> colours) {
      this.colours = List.copyOf(colours);
      flat(this);
    }

    @Override
    public Paint getItemPaint(int row, int column) {
      return colours.get(column);
    }
  }

  /** Flat bars without shadows: JFreeChart's default gradient makes close values hard to compare. */
  static void flat(BarRenderer renderer) {
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    renderer.setItemMargin(0.05);
  }
}
