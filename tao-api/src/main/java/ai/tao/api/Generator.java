package ai.tao.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first stage of a step: turns prompts into rollouts by sampling a {@link Policy}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Generator {

  /**
   * Samples a rollout for every prompt.
   *
   * @param policy the policy to sample from
   * @param prompts the prompts of this step, as the prompt source gave them
   * @param seed seed for this call; the same policy weights, prompts and seed give the same rollouts
   * @return one rollout per prompt, in prompt order; each rollout's {@link Rollout#prompt()} is the
   *     prompt as given, its token ids what the policy was actually fed
   */
  List<Rollout> generate(Policy policy, List<Prompt> prompts, long seed);

  /**
   * This generator as a {@link ScoringGenerator}, if it scores where it samples (on a cluster's
   * executors, say): the loop then takes its scored rollouts and does not score them again. Empty by
   * default.
   *
   * @since 0.5
   */
  default Optional<ScoringGenerator> scoring() {
    return Optional.empty();
  }

  /**
   * A hint from the loop, given after a step's rollouts are in and before it trains: its next call
   * will be for {@code prompts} with {@code seed}. A generator that allows rollouts one update
   * stale may start sampling them now, from the policy's current weights, while the update runs;
   * one that samples on-policy ignores it, as the default does.
   *
   * @since 0.5
   */
  default void prefetch(Policy policy, List<Prompt> prompts, long seed) {}

  /** Every setting, defaults included, for the run log. Empty by default. */
  default Map<String, Object> settings() {
    return Map.of();
  }
}
