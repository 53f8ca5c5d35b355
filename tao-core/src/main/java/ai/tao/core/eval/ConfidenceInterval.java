package ai.tao.core.eval;

import ai.tao.api.ConfigurationException;
import java.util.List;
import java.util.Locale;

/**
 * A two-sided confidence interval.
 *
 * @param low lower bound
 * @param high upper bound
 * @param level coverage, such as 0.95
 * @param method how it was computed ({@code wilson}, {@code t})
 * @since 0.2
 */
public record ConfidenceInterval(double low, double high, double level, String method) {

  /** z for 95% two-sided coverage. */
  private static final double Z95 = 1.959963984540054;

  /** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
      2.056, 2.052, 2.048, 2.045, 2.042};

  public ConfidenceInterval {
    if (!(low <= high) || !(level > 0 && level < 1)) {
      throw new ConfigurationException("a confidence interval needs low <= high and level in (0, 1), got " + low
          + ", " + high + ", " + level);
    }
  }

  /**
   * The 95% Wilson score interval of a proportion: good coverage even at 0 or n successes and for
   * small n, unlike the normal approximation.
   */
  public static ConfidenceInterval wilson(long successes, long n) {
    if (n <= 0 || successes < 0 || successes > n) {
      throw new ConfigurationException("Wilson interval needs 0 <= successes <= n and n > 0, got " + successes
          + " of " + n);
    }
    double p = successes / (double) n;
    double z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    return new ConfidenceInterval(Math.max(0, centre - half), Math.min(1, centre + half), 0.95, "wilson");
  }

  /**
   * The 95% interval of a mean from independent values (Student's t; the normal quantile past 30
   * degrees of freedom). For one value the interval is that value.
   */
  public static ConfidenceInterval ofMean(List<Double> values) {
    if (values.isEmpty()) {
      throw new ConfigurationException("a mean's interval needs at least one value");
    }
    int n = values.size();
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    if (n == 1) {
      return new ConfidenceInterval(mean, mean, 0.95, "t");
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double q = n - 1 <= T975.length ? T975[n - 2] : Z95;
    double half = q * sd / Math.sqrt(n);
    return new ConfidenceInterval(mean - half, mean + half, 0.95, "t");
  }

  /** Half the width. */
  public double halfWidth() {
    return (high - low) / 2;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "[%.4f, %.4f] (%.0f%% %s)", low, high, level * 100, method);
  }
}
