package ai.tao.core.train;

/**
 * Turns one group's rewards into per-candidate advantages. Strategy objects, so variants (GRPO's
 * std-normalised, Dr. GRPO's mean-centred) are chosen by type, not by string.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AdvantageEstimator {
  /** Advantages for a group's rewards, same length, same order. */
  double[] advantages(double[] rewards);

  /**
   * GRPO (Shao et al. 2024): (r − mean) / std over the group, population std. A group whose rewards
   * are all equal (std below 1e-8) gets all-zero advantages: it carries no preference.
   */
  static AdvantageEstimator groupNormalized() {
    return rewards -> {
      double mean = mean(rewards);
      double std = Math.sqrt(variance(rewards, mean));
      double[] a = new double[rewards.length];
      if (std < 1e-8) {
        return a;
      }
      for (int i = 0; i < a.length; i++) {
        a[i] = (rewards[i] - mean) / std;
      }
      return a;
    };
  }

  /**
   * Dr. GRPO (Liu et al. 2025): r − mean, no std division, which avoids over-weighting groups that
   * are nearly unanimous.
   */
  static AdvantageEstimator groupCentered() {
    return rewards -> {
      double mean = mean(rewards);
      double[] a = new double[rewards.length];
      boolean allEqual = true;
      for (int i = 0; i < a.length; i++) {
        a[i] = rewards[i] - mean;
        allEqual &= Math.abs(a[i]) < 1e-12;
      }
      return allEqual ? new double[rewards.length] : a;
    };
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? 0 : s / x.length;
  }

  private static double variance(double[] x, double mean) {
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return x.length == 0 ? 0 : s / x.length;
  }
}
