package ai.tao.benchmarks.suite;

import java.util.List;

/**
 * A measured accuracy over seeds: the per-seed values, their mean, and the 95% confidence interval
 * of the mean from Student's t (n - 1 degrees of freedom). One value gives an interval of zero
 * width, which the report marks as a single run.
 *
 * @param bySeed the value of each seed, in seed order
 */
public record Estimate(List<Double> bySeed, double mean, double low, double high) {
  /** t(0.975, df) for df = 1..10; beyond, 1.96 is within 0.25 of it. */
  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};

  public Estimate {
    bySeed = List.copyOf(bySeed);
    if (bySeed.isEmpty()) {
      throw new IllegalArgumentException("an estimate needs at least one value");
    }
  }

  /** The mean and 95% interval of {@code values}. */
  public static Estimate of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an estimate needs at least one value");
    }
    int n = values.size();
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    if (n == 1) {
      return new Estimate(values, mean, mean, mean);
    }
    double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    double half = t975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    return new Estimate(values, mean, mean - half, mean + half);
  }

  /**
   * As {@link #of}, for accuracies: the interval is clipped to [0, 1], the values an accuracy can
   * take (with few seeds a t-interval easily reaches past them).
   */
  public static Estimate ofAccuracies(List<Double> values) {
    Estimate e = of(values);
    return new Estimate(e.bySeed(), e.mean(), Math.max(0, e.low()), Math.min(1, e.high()));
  }

  /** A single measured value (the base model's pass@1, which has no seed). */
  public static Estimate single(double value) {
    return of(List.of(value));
  }

  static double t975(int df) {
    return df <= T975.length ? T975[df - 1] : 1.96;
  }

  /**
   * The larger distance from the mean to an end of the interval: a symmetric error bar that covers
   * the interval, which charts draw and clip at their axis.
   */
  public double reach() {
    return Math.max(mean - low, high - mean);
  }

  /** Half the interval's width. */
  public double halfWidth() {
    return (high - low) / 2;
  }
}
