package ai.tao.core.reward;

/**
 * One validation during reward-model training.
 *
 * @param step optimizer steps taken when it ran
 * @param epoch 1-based epoch it ended or fell in
 * @param trainLoss mean training loss of the steps since the previous validation
 * @param heldOut accuracy, margin and loss on the validation pairs
 * @since 0.3
 */
public record RewardValidation(long step, int epoch, double trainLoss, PairwiseAccuracy heldOut) {}
