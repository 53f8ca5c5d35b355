package ai.tao.api;

import java.util.List;
import java.util.Objects;

/**
 * A candidate group with one score per candidate, in candidate order: the input of a training step.
 *
 * @param group the scored candidates
 * @param scores {@code scores.get(i)} scores {@code group.candidate(i)}; same size as the group
 * @since 0.1
 */
public record ScoredGroup(CandidateGroup group, List<Score> scores) {

  /**
   * @throws ScoringException if there is not exactly one score per candidate
   */
  public ScoredGroup {
    Objects.requireNonNull(group, "group");
    scores = Copies.list(scores, "scores");
    if (scores.size() != group.size()) {
      throw new ScoringException(
          "prompt '" + group.prompt().id() + "' has " + group.size() + " candidates but "
              + scores.size() + " scores: a scorer must return exactly one score per candidate");
    }
  }

  /** Number of candidates (and of scores). */
  public int size() {
    return scores.size();
  }

  /**
   * The score values in candidate order. A not-applicable score contributes 0.0 (its value by
   * construction); use {@link #applicableMask()} to tell it from a judged 0.0.
   */
  public double[] values() {
    double[] values = new double[scores.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = scores.get(i).value();
    }
    return values;
  }

  /** {@code mask[i]} is whether {@code scores().get(i)} is applicable. */
  public boolean[] applicableMask() {
    boolean[] mask = new boolean[scores.size()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = scores.get(i).applicable();
    }
    return mask;
  }

  /** How many candidates the scorer could judge. */
  public int applicableCount() {
    int count = 0;
    for (Score s : scores) {
      if (s.applicable()) {
        count++;
      }
    }
    return count;
  }
}
