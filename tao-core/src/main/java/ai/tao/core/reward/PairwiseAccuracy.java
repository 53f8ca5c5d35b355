package ai.tao.core.reward;

import ai.tao.api.ConfigurationException;

/**
 * How well rewards order preference pairs.
 *
 * @param pairs pairs evaluated, at least 1
 * @param accuracy fraction of pairs whose chosen response gets the strictly higher reward
 * @param meanMargin mean of {@code r(chosen) − r(rejected)}
 * @param loss mean Bradley–Terry loss {@code −log σ(r⁺ − r⁻)} (no margin, no centring)
 * @since 0.3
 */
public record PairwiseAccuracy(int pairs, double accuracy, double meanMargin, double loss) {

  /** @throws ConfigurationException if there are no pairs or the accuracy lies outside [0, 1] */
  public PairwiseAccuracy {
    if (pairs <= 0 || !(accuracy >= 0 && accuracy <= 1)) {
      throw new ConfigurationException("pairwise accuracy needs pairs > 0 and accuracy in [0, 1], got " + pairs
          + " and " + accuracy);
    }
  }

  /** From chosen and rejected rewards, pair by pair. */
  public static PairwiseAccuracy of(double[] chosen, double[] rejected) {
    if (chosen.length != rejected.length || chosen.length == 0) {
      throw new ConfigurationException("need as many chosen as rejected rewards, and at least one; got "
          + chosen.length + " and " + rejected.length);
    }
    int right = 0;
    double margin = 0;
    double loss = 0;
    for (int i = 0; i < chosen.length; i++) {
      double d = chosen[i] - rejected[i];
      if (d > 0) {
        right++;
      }
      margin += d;
      loss += BradleyTerryLoss.softplus(-d);
    }
    int n = chosen.length;
    return new PairwiseAccuracy(n, right / (double) n, margin / n, loss / n);
  }
}
