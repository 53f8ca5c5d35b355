package ai.tao.api;

import java.util.List;
import java.util.Objects;

/**
 * Where a run's prompts come from, round by round.
 *
 * <p>A source may return different prompts each round: a flywheel that mixes in fresh traffic, or
 * a curriculum that moves on from prompts the policy already solves. The engine asks once per
 * round.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PromptSource {

  /**
   * The prompts for one round.
   *
   * @param round 0-based round index
   * @return the round's prompts; never null, may be empty when the source has nothing for this
   *     round
   * @throws DataInputException if the prompts cannot be read
   */
  List<Prompt> prompts(int round);

  /** A one-line description for logs, such as a file name and prompt count. */
  default String describe() {
    return getClass().getSimpleName();
  }

  /**
   * A source that returns the same prompts every round.
   *
   * @throws DataInputException if {@code prompts} is empty
   */
  static PromptSource of(List<Prompt> prompts) {
    List<Prompt> fixed = Copies.list(Objects.requireNonNull(prompts, "prompts"), "prompts");
    if (fixed.isEmpty()) {
      throw new DataInputException("a fixed prompt source needs at least one prompt, got none");
    }
    return new PromptSource() {
      @Override
      public List<Prompt> prompts(int round) {
        if (round < 0) {
          throw new ConfigurationException("round must be >= 0, got " + round);
        }
        return fixed;
      }

      @Override
      public String describe() {
        return "fixed list of " + fixed.size() + " prompts";
      }
    };
  }
}
