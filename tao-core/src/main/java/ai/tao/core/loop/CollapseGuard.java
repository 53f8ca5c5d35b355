package ai.tao.core.loop;

import ai.tao.api.ConfigurationException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a round for the signature of a gamed label-free reward: reward rising while the diversity
 * of answers falls (the group agreeing on a degenerate answer), or the policy drifting past a KL
 * budget from the base model. When either trips, the loop stops the round and restores the last
 * healthy weights: an in-memory snapshot taken every {@code snapshotEvery} updates that predates the
 * window that tripped (see {@link HealthySnapshots}), or the round's start.
 *
 * @param klBudget largest mean per-token KL to the reference before the round stops; ≤ 0 disables
 * @param window steps compared (the last {@code window} against the {@code window} before)
 * @param rewardRise reward must rise by at least this much over the window…
 * @param diversityDrop …while answer diversity falls by at least this much, to trip
 * @param snapshotEvery updates between healthy-weight snapshots (two are kept in memory); 0 keeps
 *     only the round's start. Must be 0 or at least {@code 2 × window}, so a snapshot older than the
 *     tripping window always exists
 * @since 0.1
 */
public record CollapseGuard(double klBudget, int window, double rewardRise, double diversityDrop,
    int snapshotEvery) {
  public CollapseGuard {
    if (window <= 0) {
      throw new ConfigurationException("collapse window must be > 0, got " + window);
    }
    if (snapshotEvery < 0 || (snapshotEvery > 0 && snapshotEvery < 2 * window)) {
      throw new ConfigurationException("snapshotEvery must be 0 or >= 2 × window (" + 2 * window + "), got "
          + snapshotEvery);
    }
  }

  /**
   * KL budget 0.5 nats/token; trips when reward rises by 0.1 while diversity falls by 0.25 over 4
   * steps; a healthy snapshot every 20 updates.
   */
  public static CollapseGuard defaults() {
    return new CollapseGuard(0.5, 4, 0.1, 0.25, 20);
  }

  /** Never trips. */
  public static CollapseGuard off() {
    return new CollapseGuard(0, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0);
  }

  /** Updates a snapshot must predate a trip by: the span of the reward/diversity comparison. */
  public int trustedSnapshotAge() {
    return 2 * window;
  }

  /** Per-round state. */
  public Monitor monitor() {
    return new Monitor();
  }

  /** Feeds step metrics and says why to stop, if it should. */
  public final class Monitor {
    private final Deque<double[]> history = new ArrayDeque<>();

    public Optional<String> check(Map<String, Double> step) {
      double kl = step.getOrDefault("kl", 0.0);
      if (klBudget > 0 && kl > klBudget) {
        return Optional.of(String.format(java.util.Locale.ROOT, "KL to the base model %.3f exceeds the budget %.3f",
            kl, klBudget));
      }
      history.addLast(new double[] {step.getOrDefault("reward_mean", 0.0), step.getOrDefault("answer_diversity", 1.0)});
      if (history.size() > 2 * window) {
        history.removeFirst();
      }
      if (history.size() < 2 * window) {
        return Optional.empty();
      }
      double[] before = mean(history.stream().limit(window).toList());
      double[] after = mean(history.stream().skip(window).toList());
      if (after[0] - before[0] >= rewardRise && before[1] - after[1] >= diversityDrop) {
        return Optional.of(String.format(java.util.Locale.ROOT,
            "reward rose %.3f → %.3f while answer diversity fell %.3f → %.3f (a gamed reward?)",
            before[0], after[0], before[1], after[1]));
      }
      return Optional.empty();
    }

    private double[] mean(java.util.List<double[]> xs) {
      double[] m = new double[2];
      for (double[] x : xs) {
        m[0] += x[0] / xs.size();
        m[1] += x[1] / xs.size();
      }
      return m;
    }
  }
}
