package ai.tao.api;

import java.util.List;
import java.util.Optional;

/**
 * A generator that also scores what it samples, where it samples it: the shape of a step whose
 * sampling and scoring run next to each other on other machines. The loop calls {@link
 * #generateScored} instead of {@link #generate} followed by its own scorer.
 *
 * <p>The scores must be the ones the run's scorer gives: {@link #scorerName()} names the scorer
 * used, and the loop refuses a run whose scorer has another name.
 *
 * @since 0.5
 */
public interface ScoringGenerator extends Generator {

  /**
   * Samples a rollout for every prompt and scores it.
   *
   * @param policy the policy to sample from (its current weights)
   * @param prompts the prompts of this step, as the prompt source gave them
   * @param seed seed for this call; the same weights, prompts and seed give the same rollouts
   * @return one scored rollout per prompt, in prompt order, one score per candidate
   * @throws ScoringException if the scorer fails, naming the prompt
   */
  List<ScoredRollout> generateScored(Policy policy, List<Prompt> prompts, long seed);

  /** The name of the scorer that {@link #generateScored} applies, as {@link Scorer#name()} gives it. */
  String scorerName();

  /** A plain call samples and scores, then drops the scores. */
  @Override
  default List<Rollout> generate(Policy policy, List<Prompt> prompts, long seed) {
    return generateScored(policy, prompts, seed).stream().map(ScoredRollout::rollout).toList();
  }

  @Override
  default Optional<ScoringGenerator> scoring() {
    return Optional.of(this);
  }
}
