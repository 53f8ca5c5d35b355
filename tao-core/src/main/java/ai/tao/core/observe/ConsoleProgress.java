package ai.tao.core.observe;

import ai.tao.api.StepMetrics;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import ai.tao.api.TrainStepResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One line per step on a stream: round, step, the main metrics and an ETA for the round, plus the
 * run's settings, warnings and end. What a person watching a run wants to see.
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
      out.println(line(s, (System.nanoTime() - roundStart) / 1e9));
    } else if (event instanceof TaoEvent.RoundCompleted r) {
      out.println("[tao] round " + (r.round() + 1) + " done after " + r.steps() + " steps"
          + r.checkpoint().map(p -> ", checkpoint " + p).orElse(""));
    } else if (event instanceof TaoEvent.RunResumed r) {
      out.printf(Locale.ROOT, "[tao] resumed from %s: %d steps done, next round %d step %d%n", r.state(),
          r.stepsDone(), r.round() + 1, r.step() + 1);
    } else if (event instanceof TaoEvent.StateSaved s) {
      out.printf(Locale.ROOT, "[tao] resume state %s written (%d steps done)%n", s.state().getFileName(),
          s.stepsDone());
    } else if (event instanceof TaoEvent.Warning w) {
      out.println("[tao] WARNING " + w.message());
    } else if (event instanceof TaoEvent.RunCompleted r) {
      out.printf(Locale.ROOT, "[tao] run done in %s%n", duration(r.seconds()));
    }
  }

  /** The progress line of a step, {@code elapsed} seconds into its round. */
  static String line(TaoEvent.StepCompleted s, double elapsed) {
    StepMetrics m = s.metrics();
    double eta = elapsed / (m.step() + 1) * (s.totalSteps() - m.step() - 1);
    String reward = m.rewardMean().isPresent()
        ? String.format(Locale.ROOT, "%.3f±%.3f", m.rewardMean().getAsDouble(), m.rewardStd()) : "n/a";
    String head = String.format(Locale.ROOT, "[tao] round %d step %d/%d reward %s%s diversity %.2f%s",
        m.round() + 1, m.step() + 1, s.totalSteps(), reward,
        m.judgedFraction() < 1 ? String.format(Locale.ROOT, " (judged %.0f%%)", 100 * m.judgedFraction()) : "",
        m.answerDiversity(),
        m.truncatedFraction() > 0 ? String.format(Locale.ROOT, " truncated %.0f%%", 100 * m.truncatedFraction()) : "");
    TrainStepResult t = m.train();
    String train = t.skip().map(k -> " skipped (" + k.message() + ")").orElseGet(() -> String.format(Locale.ROOT,
        "%s clip %.3f%s", t.kl().isPresent() ? String.format(Locale.ROOT, " kl %.4f", t.kl().getAsDouble()) : "",
        t.clipFraction().orElse(0), t.entropy().isPresent()
            ? String.format(Locale.ROOT, " entropy %.2f", t.entropy().getAsDouble()) : ""));
    return String.format(Locale.ROOT, "%s%s tok/s %.0f eta %s", head, train, m.sampleTokensPerSecond(),
        duration(eta));
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }
}
