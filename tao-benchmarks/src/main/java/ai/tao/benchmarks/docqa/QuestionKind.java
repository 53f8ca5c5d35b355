package ai.tao.benchmarks.docqa;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a question asks of a statement. Every answer is an integer, so it is written without a
 * fraction or a unit.
 *
 * @since 0.3
 */
public enum QuestionKind {
  /** One figure as printed. */
  FIGURE,
  /** The first named figure minus the second; asked only when the first is the larger. */
  DIFFERENCE,
  /** A figure as a percentage of revenue, rounded half up to a whole percent; asked of lines below revenue. */
  PERCENT_OF_REVENUE;

  /** The gold answer for {@code a} (and {@code b}, for a difference) on {@code s}. */
  public int answer(Statement s, LineItem a, LineItem b) {
    return switch (this) {
      case FIGURE -> s.value(a);
      case DIFFERENCE -> s.value(a) - s.value(b);
      case PERCENT_OF_REVENUE -> BigDecimal.valueOf(100L * s.value(a))
          .divide(BigDecimal.valueOf(s.value(LineItem.REVENUE)), 0, RoundingMode.HALF_UP).intValueExact();
    };
  }
}
