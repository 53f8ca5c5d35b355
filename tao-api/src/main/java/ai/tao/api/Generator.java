package ai.tao.api;

import java.util.List;

/**
 * The first stage of a round: turns prompts into candidate groups by sampling a {@link Policy}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Generator {

  /**
   * Samples a candidate group for every prompt.
   *
   * @param policy the policy to sample from
   * @param prompts the prompts of this round
   * @param seed seed for this call; the same policy weights, prompts and seed give the same groups
   * @return one group per prompt, in prompt order
   */
  List<CandidateGroup> generate(Policy policy, List<Prompt> prompts, long seed);
}
