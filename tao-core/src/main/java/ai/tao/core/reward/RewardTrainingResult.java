package ai.tao.core.reward;

import java.util.List;

/**
 * What reward-model training did.
 *
 * @param steps optimizer steps taken
 * @param stoppedEarly whether the validation loss stopped improving before the last epoch
 * @param best the validation whose weights the model ends with (lowest validation loss)
 * @param validations every validation, in order
 * @since 0.3
 */
public record RewardTrainingResult(long steps, boolean stoppedEarly, RewardValidation best,
    List<RewardValidation> validations) {
  public RewardTrainingResult {
    validations = List.copyOf(validations);
  }
}
