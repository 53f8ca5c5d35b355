package ai.tao.benchmarks.suite;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The suite's progress line: units done of those planned, elapsed time, and an ETA from the cost of
 * the units that ran in this process (cached units take no time, so they count as done but do not
 * speed up the estimate). A unit's cost is a rough relative weight its planner gives it.
 */
final class Progress {
  private final Consumer<String> out;
  private final long start = System.nanoTime();
  private double plannedCost;
  private double doneCost;
  private double ranCost;
  private double ranSeconds;
  private int planned;
  private int done;

  Progress(Consumer<String> out) {
    this.out = out;
  }

  /** Adds a unit of {@code cost} to the plan. */
  void plan(double cost) {
    plannedCost += cost;
    planned++;
  }

  /** Records a unit of {@code cost} as done: {@code seconds} it took, or {@code cached}. */
  void done(String what, double cost, double seconds, boolean cached) {
    done++;
    doneCost += cost;
    if (!cached) {
      ranCost += cost;
      ranSeconds += seconds;
    }
    out.accept(String.format(Locale.ROOT, "[suite] %d/%d %s %s; elapsed %s, ETA %s", done, planned, what,
        cached ? "(cached)" : String.format(Locale.ROOT, "in %.0f s", seconds), clock(elapsed()), eta()));
  }

  double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  String eta() {
    if (ranCost <= 0) {
      return done >= planned ? "0s" : "unknown";
    }
    return clock(ranSeconds / ranCost * Math.max(0, plannedCost - doneCost));
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
