package ai.tao.api;

import java.util.Map;
import java.util.Objects;

/**
 * What one {@link Trainer#step} did.
 *
 * @param metrics named values such as {@code loss}, {@code kl} and {@code clip_fraction}, in the
 *     order the trainer reports them; may hold NaN, so a diverging step is reported rather than hidden
 * @param skipped whether the step made no update
 * @param skipReason why the step was skipped; non-blank exactly when {@code skipped}, empty otherwise
 * @since 0.1
 */
public record TrainStepResult(Map<String, Double> metrics, boolean skipped, String skipReason) {

  /**
   * @throws IllegalArgumentException if {@code skipReason} is blank for a skipped step or non-empty
   *     for a step that ran
   */
  public TrainStepResult {
    metrics = Copies.orderedMap(metrics, "metrics");
    Objects.requireNonNull(skipReason, "skipReason");
    if (skipped && skipReason.isBlank()) {
      throw new IllegalArgumentException("a skipped train step needs a skipReason");
    }
    if (!skipped && !skipReason.isEmpty()) {
      throw new IllegalArgumentException(
          "a train step that ran has no skipReason, got '" + skipReason + "'");
    }
  }

  /** A step that updated the policy. */
  public static TrainStepResult of(Map<String, Double> metrics) {
    return new TrainStepResult(metrics, false, "");
  }

  /** A step that made no update, with no metrics. */
  public static TrainStepResult skipped(String reason) {
    return new TrainStepResult(Map.of(), true, reason);
  }
}
