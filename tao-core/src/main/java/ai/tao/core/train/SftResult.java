package ai.tao.core.train;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What an SFT fit did.
 *
 * @param steps optimizer steps taken
 * @param plannedSteps steps the config asked for
 * @param stoppedEarly whether validation stopped the fit before {@code plannedSteps}
 * @param bestStep the step whose weights the policy ends with (when {@code restoreBest}), else the last
 * @param bestValidation the validation value at {@code bestStep}; empty without validation
 * @param validations every validation, in order, as (step, value)
 * @param lastLoss the training loss of the last step
 * @since 0.2
 */
public record SftResult(long steps, long plannedSteps, boolean stoppedEarly, long bestStep,
    OptionalDouble bestValidation, List<Validated> validations, double lastLoss) {
  public SftResult {
    validations = List.copyOf(validations);
  }

  /** One validation. */
  public record Validated(long step, double value) {}
}
