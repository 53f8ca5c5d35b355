package ai.tao.api;

import java.util.List;
import java.util.Objects;

/**
 * The candidates sampled for one prompt. GRPO compares candidates within a group, so a group is the
 * unit that scorers and advantage estimators see.
 *
 * @param prompt the prompt every candidate continues
 * @param candidates the sampled completions, in sampling order; never empty
 * @since 0.1
 */
public record CandidateGroup(Prompt prompt, List<Completion> candidates) {

  /**
   * @throws DataInputException if {@code candidates} is empty
   */
  public CandidateGroup {
    Objects.requireNonNull(prompt, "prompt");
    candidates = Copies.list(candidates, "candidates");
    if (candidates.isEmpty()) {
      throw new DataInputException(
          "candidate group for prompt '" + prompt.id() + "' has no candidates");
    }
  }

  /** Number of candidates, at least 1. */
  public int size() {
    return candidates.size();
  }

  /** The candidate at {@code index}, in sampling order. */
  public Completion candidate(int index) {
    return candidates.get(index);
  }
}
