package ai.tao.core.eval;

import java.util.List;
import java.util.Locale;

/**
 * One metric measured on a set of labeled examples.
 *
 * @param metric what was measured, such as {@code pass@1} or {@code majority@16}
 * @param value the mean over examples, in [0, 1]
 * @param examples how many examples were evaluated
 * @param ci95 the 95% confidence interval of {@code value} over the examples
 * @param perExample each example's value, in example order (1/0 for pass@1 and majority@N)
 * @since 0.2
 */
public record EvalResult(String metric, double value, int examples, ConfidenceInterval ci95,
    List<Double> perExample) {
  public EvalResult {
    perExample = List.copyOf(perExample);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %.4f %s over %d examples", metric, value, ci95, examples);
  }
}
