package ai.tao.serve.registry;

import ai.tao.core.eval.EvalResult;
import java.util.Objects;

/**
 * The labeled half of a {@link GateDecision}: both policies graded on the canary set, greedy
 * ({@link ai.tao.core.eval.Evaluation#passAt1}).
 *
 * @param candidate the candidate's accuracy
 * @param current the current policy's accuracy
 * @param maxRegressionPoints how many percentage points the candidate may lose
 * @since 0.5
 */
public record CanaryComparison(EvalResult candidate, EvalResult current, double maxRegressionPoints) {
  public CanaryComparison {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(current, "current");
  }

  /** Percentage points the candidate lost (current − candidate, times 100); negative when it gained. */
  public double regressionPoints() {
    return (current.value() - candidate.value()) * 100;
  }

  /** Whether the candidate lost no more than {@link #maxRegressionPoints}. */
  public boolean passed() {
    return regressionPoints() <= maxRegressionPoints + ShadowComparison.EPSILON;
  }
}
