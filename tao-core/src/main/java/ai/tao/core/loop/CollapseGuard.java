package ai.tao.core.loop;

import ai.tao.api.CollapseStop;
import ai.tao.api.ConfigurationException;
import ai.tao.api.StepMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a round for the signature of a gamed label-free reward: reward rising while the diversity
 * of answers falls (the group agreeing on a degenerate answer), or the policy drifting past a KL
 * budget from the reference model. When either trips, the loop stops the round and, with {@code
 * rollback} on, restores the last healthy weights: an in-memory snapshot taken every {@code
 * snapshotEvery} updates that predates the window that tripped (see {@link HealthySnapshots}), or
 * the round's start. Rolling back needs a {@link ai.tao.api.TrainablePolicy}; a KL budget needs a
 * trainer that {@linkplain ai.tao.api.Trainer#reportsKl() reports KL}. {@code TuneRequest.build()}
 * refuses a guard whose needs the request cannot meet.
 *
 * <p>Why a window for the KL budget: one step's KL is estimated on one batch (a few dozen
 * sequences) and is noisy; a user's run went 0.09 → 0.21 → 0.61 in three steps and back. The mean
 * of the last {@code klWindow} steps still reacts within a few steps of a real drift, but one noisy
 * batch does not stop a round.
 *
 * @param klBudget largest mean per-token KL to the reference, averaged over the last {@code
 *     klWindow} updates, before the round stops; ≤ 0 disables
 * @param klWindow updates the KL is averaged over, at least 1
 * @param window steps compared for the gamed-reward signal (the last {@code window} against the
 *     {@code window} before)
 * @param rewardRise reward must rise by at least this much over the window…
 * @param diversityDrop …while answer diversity falls by at least this much, to trip
 * @param snapshotEvery updates between healthy-weight snapshots (two are kept in memory); 0 keeps
 *     only the round's start. Must be 0 or at least {@code 2 × max(window, klWindow)}, so a snapshot
 *     older than the tripping window always exists
 * @param rollback whether a trip restores the last healthy weights (true) or only stops the round
 * @since 0.1
 */
public record CollapseGuard(double klBudget, int klWindow, int window, double rewardRise, double diversityDrop,
    int snapshotEvery, boolean rollback) {

  /**
   * @throws ConfigurationException naming the bad value
   */
  public CollapseGuard {
    if (window <= 0 || klWindow <= 0) {
      throw new ConfigurationException("collapse window and klWindow must be > 0, got " + window + " and "
          + klWindow);
    }
    if (snapshotEvery < 0 || (snapshotEvery > 0 && snapshotEvery < trustedAge(window, klWindow))) {
      throw new ConfigurationException("snapshotEvery must be 0 or >= 2 × max(window, klWindow) ("
          + trustedAge(window, klWindow) + "), got " + snapshotEvery);
    }
  }

  private static int trustedAge(int window, int klWindow) {
    return 2 * Math.max(window, klWindow);
  }

  /**
   * KL budget 0.5 nats/token over the last 3 updates; trips when reward rises by 0.1 while
   * diversity falls by 0.25 over 4 steps; a healthy snapshot every 20 updates; rolls back.
   */
  public static CollapseGuard defaults() {
    return new CollapseGuard(0.5, 3, 4, 0.1, 0.25, 20, true);
  }

  /** Never trips, never rolls back: any policy and trainer will do. */
  public static CollapseGuard off() {
    return new CollapseGuard(0, 1, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, false);
  }

  /** The same guard without a KL budget (for trainers that measure no KL). */
  public CollapseGuard withoutKlBudget() {
    return new CollapseGuard(0, klWindow, window, rewardRise, diversityDrop, snapshotEvery, rollback);
  }

  /** The same guard with another KL budget. */
  public CollapseGuard withKlBudget(double budget) {
    return new CollapseGuard(budget, klWindow, window, rewardRise, diversityDrop, snapshotEvery, rollback);
  }

  /** The same guard that stops rounds without restoring weights (for policies that cannot snapshot). */
  public CollapseGuard withoutRollback() {
    return new CollapseGuard(klBudget, klWindow, window, rewardRise, diversityDrop, 0, false);
  }

  /** Whether the guard reads KL. */
  public boolean needsKl() {
    return klBudget > 0;
  }

  /** Updates a snapshot must predate a trip by: the span of the longest comparison. */
  public int trustedSnapshotAge() {
    return trustedAge(window, klWindow);
  }

  /** The settings, for the run log. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("klBudget", klBudget);
    m.put("klWindow", klWindow);
    m.put("window", window);
    m.put("rewardRise", rewardRise);
    m.put("diversityDrop", diversityDrop);
    m.put("snapshotEvery", snapshotEvery);
    m.put("rollback", rollback);
    return m;
  }

  /** Per-round state. */
  public Monitor monitor() {
    return new Monitor();
  }

  /** A tripped guard: which signal, and what it saw. */
  public record Trip(CollapseStop.Reason reason, String detail) {}

  /** Feeds step metrics and says why to stop, if it should. */
  public final class Monitor {
    private final Deque<double[]> history = new ArrayDeque<>();
    private final Deque<Double> kls = new ArrayDeque<>();

    /**
     * @throws ConfigurationException if the guard has a KL budget and a step that ran reports no KL
     */
    public Optional<Trip> check(StepMetrics step) {
      if (klBudget > 0 && !step.train().skipped()) {
        double kl = step.train().kl().orElseThrow(() -> new ConfigurationException("the collapse guard has a KL"
            + " budget but the trainer reported no KL at round " + (step.round() + 1) + " step " + (step.step() + 1)
            + "; use CollapseGuard.withoutKlBudget() or a trainer with a KL reference"));
        kls.addLast(kl);
        if (kls.size() > klWindow) {
          kls.removeFirst();
        }
        double mean = kls.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (kls.size() == klWindow && mean > klBudget) {
          return Optional.of(new Trip(CollapseStop.Reason.KL_BUDGET, String.format(Locale.ROOT,
              "KL to the reference model %.3f (mean of the last %d updates) exceeds the budget %.3f", mean,
              klWindow, klBudget)));
        }
      }
      if (step.rewardMean().isEmpty()) {
        return Optional.empty();
      }
      history.addLast(new double[] {step.rewardMean().getAsDouble(), step.answerDiversity()});
      if (history.size() > 2 * window) {
        history.removeFirst();
      }
      if (history.size() < 2 * window) {
        return Optional.empty();
      }
      double[] before = mean(history.stream().limit(window).toList());
      double[] after = mean(history.stream().skip(window).toList());
      if (after[0] - before[0] >= rewardRise && before[1] - after[1] >= diversityDrop) {
        return Optional.of(new Trip(CollapseStop.Reason.GAMED_REWARD, String.format(Locale.ROOT,
            "reward rose %.3f → %.3f while answer diversity fell %.3f → %.3f (a gamed reward?)",
            before[0], after[0], before[1], after[1])));
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
