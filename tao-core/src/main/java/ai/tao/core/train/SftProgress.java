package ai.tao.core.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * One step of an SFT fit, for progress displays.
 *
 * @param step 1-based steps done
 * @param totalSteps steps planned
 * @param loss mean negative log-likelihood per response token of this step's batch
 * @param learningRate the rate this step used
 * @param validation the validation value, on steps that validated
 * @param seconds wall time since the fit started
 * @since 0.2
 */
public record SftProgress(long step, long totalSteps, double loss, double learningRate, OptionalDouble validation,
    double seconds) {

  /**
   * A line every {@code every} steps and on every validation, with an ETA, on {@code out}.
   */
  public static Consumer<SftProgress> console(PrintStream out, int every) {
    return p -> {
      if (p.validation().isEmpty() && p.step() % Math.max(1, every) != 0 && p.step() != p.totalSteps()) {
        return;
      }
      double eta = p.seconds() / p.step() * (p.totalSteps() - p.step());
      out.printf(Locale.ROOT, "[sft] step %d/%d loss %.4f lr %.2e%s eta %.0fs%n", p.step(), p.totalSteps(), p.loss(),
          p.learningRate(), p.validation().isPresent()
              ? String.format(Locale.ROOT, " validation %.4f", p.validation().getAsDouble()) : "", eta);
    };
  }
}
