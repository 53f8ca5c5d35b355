package ai.tao.api;

import java.util.List;

/**
 * The third stage of a round: updates a policy in place from scored groups (GRPO in the core).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Trainer {

  /**
   * Runs one optimisation step on one batch.
   *
   * @param policy the policy to update in place
   * @param batch scored groups; a trainer may skip a batch that carries no signal, for example when
   *     every candidate of every group scored the same
   * @return the step's metrics, or a skipped result saying why
   * @throws TrainingException if the step fails (for example a non-finite loss)
   */
  TrainStepResult step(Policy policy, List<ScoredGroup> batch);
}
