package ai.tao.benchmarks.suite;

import java.util.List;
import java.util.Locale;

/** Where SFT on K labels catches up with TAO on none. */
final class LabelCurves {
  private LabelCurves() {}

  /**
   * The label equivalence of {@code sft} (K ascending) against {@code tao}: the K at which the SFT
   * curve's mean first reaches TAO's, interpolated linearly in log K between the measured points
   * around it.
   */
  static LabelEquivalence equivalence(List<LabelPoint> sft, String taoKey, Estimate tao) {
    double t = tao.mean();
    LabelPoint first = sft.get(0);
    LabelPoint last = sft.get(sft.size() - 1);
    if (first.accuracy().mean() >= t) {
      return new LabelEquivalence(sft, taoKey, tao, null, String.format(Locale.ROOT,
          "SFT on %d labels already matches TAO with none (%.1f%% against %.1f%%)", first.labels(),
          100 * first.accuracy().mean(), 100 * t));
    }
    for (int i = 1; i < sft.size(); i++) {
      LabelPoint a = sft.get(i - 1);
      LabelPoint b = sft.get(i);
      if (b.accuracy().mean() >= t) {
        double f = (t - a.accuracy().mean()) / (b.accuracy().mean() - a.accuracy().mean());
        double k = Math.exp(Math.log(a.labels()) + f * (Math.log(b.labels()) - Math.log(a.labels())));
        return new LabelEquivalence(sft, taoKey, tao, k, String.format(Locale.ROOT,
            "TAO with no labels is worth about %.0f labeled production questions (SFT reaches its %.1f%% between"
                + " %d and %d labels)", k, 100 * t, a.labels(), b.labels()));
      }
    }
    return new LabelEquivalence(sft, taoKey, tao, null, String.format(Locale.ROOT,
        "TAO with no labels beats SFT on every K measured, up to %d labels (%.1f%% against %.1f%%)", last.labels(),
        100 * t, 100 * last.accuracy().mean()));
  }
}
