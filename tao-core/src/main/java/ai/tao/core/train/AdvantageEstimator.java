package ai.tao.core.train;

/**
 * Turns one rollout's scores into per-candidate advantages. Strategy objects, so variants (GRPO's
 * std-normalised, Dr. GRPO's mean-centred) are chosen by type, not by string.
 *
 * <p>Candidates whose score is not applicable carry no judgement: they get advantage 0 and are left
 * out of the mean and the standard deviation of the others.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AdvantageEstimator {
  /**
   * Advantages for a group's scores, same length, same order.
   *
   * @param rewards score values; entries where {@code applicable} is false are ignored (any value)
   * @param applicable which scores are judgements
   */
  double[] advantages(double[] rewards, boolean[] applicable);

  /** Advantages when every score is applicable. */
  default double[] advantages(double[] rewards) {
    boolean[] all = new boolean[rewards.length];
    java.util.Arrays.fill(all, true);
    return advantages(rewards, all);
  }

  /**
   * GRPO (Shao et al. 2024): (r − mean) / std over the judged candidates, population std. A group
   * whose judged rewards are all equal (std below 1e-8), or with fewer than two judged candidates,
   * gets all-zero advantages: it carries no preference.
   */
  static AdvantageEstimator groupNormalized() {
    return named("groupNormalized", (rewards, applicable) -> {
      double[] a = new double[rewards.length];
      Moments mo = Moments.of(rewards, applicable);
      if (mo.n < 2 || mo.std() < 1e-8) {
        return a;
      }
      for (int i = 0; i < a.length; i++) {
        a[i] = applicable[i] ? (rewards[i] - mo.mean) / mo.std() : 0.0;
      }
      return a;
    });
  }

  /**
   * Dr. GRPO (Liu et al. 2025): r − mean over the judged candidates, no std division, which avoids
   * over-weighting groups that are nearly unanimous.
   */
  static AdvantageEstimator groupCentered() {
    return named("groupCentered", (rewards, applicable) -> {
      double[] a = new double[rewards.length];
      Moments mo = Moments.of(rewards, applicable);
      if (mo.n < 2 || mo.std() < 1e-12) {
        return a;
      }
      for (int i = 0; i < a.length; i++) {
        a[i] = applicable[i] ? rewards[i] - mo.mean : 0.0;
      }
      return a;
    });
  }

  /** An estimator that prints as {@code name} in the run log. */
  static AdvantageEstimator named(String name, AdvantageEstimator estimator) {
    return new AdvantageEstimator() {
      @Override
      public double[] advantages(double[] rewards, boolean[] applicable) {
        return estimator.advantages(rewards, applicable);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** Count, mean and variance of the applicable entries. */
  final class Moments {
    final int n;
    final double mean;
    final double variance;

    private Moments(int n, double mean, double variance) {
      this.n = n;
      this.mean = mean;
      this.variance = variance;
    }

    static Moments of(double[] x, boolean[] applicable) {
      if (x.length != applicable.length) {
        throw new ai.tao.api.ConfigurationException(x.length + " rewards but " + applicable.length + " applicability flags");
      }
      int n = 0;
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        if (applicable[i]) {
          n++;
          s += x[i];
        }
      }
      double mean = n == 0 ? 0 : s / n;
      double v = 0;
      for (int i = 0; i < x.length; i++) {
        if (applicable[i]) {
          v += (x[i] - mean) * (x[i] - mean);
        }
      }
      return new Moments(n, mean, n == 0 ? 0 : v / n);
    }

    double std() {
      return Math.sqrt(variance);
    }
  }
}
