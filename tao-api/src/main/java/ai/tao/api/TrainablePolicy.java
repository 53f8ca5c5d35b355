package ai.tao.api;

import java.util.Optional;

/**
 * A policy whose weights live in this process: it encodes prompts as it samples them, and its
 * weights can be copied aside and put back. The loop's collapse guard rolls back through {@link
 * #snapshot()} and {@link #restore}; trainers use {@link #encode} when told to train on another
 * prompt than the one sampled.
 *
 * @since 0.2
 */
public interface TrainablePolicy extends Policy {

  /**
   * The token ids {@link #sample} feeds the model for {@code prompt} (chat template and special
   * tokens included).
   */
  int[] encode(Prompt prompt);

  /**
   * A copy of the current weights, independent of later updates. The caller closes it; a snapshot
   * holds as much memory as the weights.
   */
  WeightsSnapshot snapshot();

  /**
   * Overwrites the weights with a snapshot this policy took.
   *
   * @throws ConfigurationException if the snapshot belongs to another policy or was closed
   */
  void restore(WeightsSnapshot snapshot);

  @Override
  default Optional<TrainablePolicy> trainable() {
    return Optional.of(this);
  }

  /**
   * A copy of a policy's weights at one moment.
   *
   * @since 0.2
   */
  interface WeightsSnapshot extends AutoCloseable {
    /** Frees the copy. Idempotent. */
    @Override
    void close();
  }
}
