package ai.tao.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The third stage of a step: updates the policy it was built for from scored rollouts (GRPO in the
 * core). A trainer is bound to one policy when it is built and holds state for it (optimizer
 * moments, a reference copy): close it when done.
 *
 * @since 0.1
 */
public interface Trainer extends AutoCloseable {

  /** A short name for logs, such as {@code grpo}. */
  String name();

  /** The policy this trainer updates in place. */
  Policy policy();

  /**
   * Runs one optimisation step on one batch.
   *
   * @param batch scored rollouts, sampled from {@link #policy()}; a trainer may skip a batch that
   *     carries no signal, for example when every candidate of every rollout scored the same
   * @return what the step did, or why it was skipped
   * @throws TrainingException if the step fails (for example a non-finite loss)
   */
  TrainStepResult step(List<ScoredRollout> batch);

  /**
   * Whether {@link TrainStepResult#kl()} is reported by every step that runs. A collapse guard with a
   * KL budget needs it. False by default.
   */
  default boolean reportsKl() {
    return false;
  }

  /**
   * The loop has put the policy's weights back to an earlier snapshot (a collapse guard tripped):
   * drop state built up since, such as optimizer moments, which would otherwise push the restored
   * weights back the way they went. Nothing by default.
   */
  default void rolledBack() {}

  /**
   * This trainer's state (optimizer moments, step counters) as {@link Resumable}, if it can be
   * written and read back: the capability a run needs to write resume states. Empty by default.
   *
   * @since 0.4
   */
  default Optional<Resumable> resumable() {
    return Optional.empty();
  }

  /** Every setting, defaults included, for the run log. Empty by default. */
  default Map<String, Object> settings() {
    return Map.of();
  }

  /** Releases what the trainer holds (optimizer state, reference model). */
  @Override
  void close();
}
