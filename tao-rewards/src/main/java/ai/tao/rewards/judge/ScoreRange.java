package ai.tao.rewards.judge;

import ai.tao.api.ConfigurationException;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The range a judge scores in, such as 0 to 10, and its mapping onto [0, 1]. A value outside the
 * range is not clamped: it is read as a reply that did not follow the instructions.
 *
 * @param min the worst score
 * @param max the best score; greater than {@code min}
 * @since 0.3
 */
public record ScoreRange(double min, double max) {

  /** @throws ConfigurationException if a bound is not finite or {@code max <= min} */
  public ScoreRange {
    if (!Double.isFinite(min) || !Double.isFinite(max) || max <= min) {
      throw new ConfigurationException(
          "judge score range needs finite min < max, got [" + min + ", " + max + "]");
    }
  }

  /** {@code raw} mapped onto [0, 1]; empty when it lies outside the range. */
  OptionalDouble normalise(double raw) {
    if (!(raw >= min && raw <= max)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((raw - min) / (max - min));
  }

  /** The bound as the templates write it: {@code 10}, not {@code 10.0}. */
  static String format(double bound) {
    return bound == Math.rint(bound) && Math.abs(bound) < 1e15
        ? Long.toString((long) bound) : String.format(Locale.ROOT, "%s", bound);
  }

  @Override
  public String toString() {
    return "[" + format(min) + ", " + format(max) + "]";
  }
}
