package ai.tao.core.observe;

import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * One line per step on a stream: round, step, the main metrics and an ETA for the round, plus the
 * run's start and end. What a person watching a run wants to see.
 *
 * @since 0.1
 */
public final class ConsoleProgress implements TaoListener {
  private final PrintStream out;
  private long roundStart;
  private int rounds = -1;

  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEvent(TaoEvent event) {
    if (event instanceof TaoEvent.RunStarted r) {
      out.println("[tao] run " + r.config());
      Object n = r.config().get("rounds");
      rounds = n instanceof Integer i ? i : -1;
    } else if (event instanceof TaoEvent.RoundStarted r) {
      roundStart = System.nanoTime();
      out.printf(Locale.ROOT, "[tao] round %d%s: %d prompts%n", r.round() + 1, rounds > 0 ? "/" + rounds : "",
          r.prompts());
    } else if (event instanceof TaoEvent.StepCompleted s) {
      double elapsed = (System.nanoTime() - roundStart) / 1e9;
      double eta = elapsed / (s.step() + 1) * (s.totalSteps() - s.step() - 1);
      Map<String, Double> m = s.metrics();
      String head = String.format(Locale.ROOT, "[tao] round %d step %d/%d reward %.3f±%.3f diversity %.2f",
          s.round() + 1, s.step() + 1, s.totalSteps(), m.getOrDefault("reward_mean", Double.NaN),
          m.getOrDefault("reward_std", Double.NaN), m.getOrDefault("answer_diversity", Double.NaN));
      String train = m.getOrDefault("skipped", 0.0) > 0
          ? " skipped (every group unanimous)"
          : String.format(Locale.ROOT, " kl %.4f clip %.3f entropy %.2f zero-adv %.2f",
              m.getOrDefault("kl", 0.0), m.getOrDefault("clip_fraction", 0.0),
              m.getOrDefault("entropy", Double.NaN), m.getOrDefault("advantage_zero_fraction", Double.NaN));
      out.printf(Locale.ROOT, "%s%s tok/s %.0f eta %s%n", head, train, m.getOrDefault("tokens_per_s", Double.NaN),
          duration(eta));
    } else if (event instanceof TaoEvent.RoundCompleted r) {
      out.println("[tao] round " + (r.round() + 1) + " done" + r.checkpoint().map(p -> ", checkpoint " + p).orElse(""));
    } else if (event instanceof TaoEvent.Warning w) {
      out.println("[tao] WARNING " + w.message());
    } else if (event instanceof TaoEvent.RunCompleted r) {
      out.printf(Locale.ROOT, "[tao] run done in %s%n", duration(r.seconds()));
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }
}
