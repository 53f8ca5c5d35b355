package ai.tao.api;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A rollout with one score per candidate, in candidate order: the input of a training step.
 *
 * <p>A {@linkplain Score#notApplicable not-applicable} score carries no judgement: trainers leave
 * such candidates out of the group's statistics and give them no advantage, and reports leave them
 * out of reward means. {@link #value(int)} is empty for them, so they cannot be read as 0 by
 * accident.
 *
 * @param rollout what was sampled
 * @param scores {@code scores.get(i)} scores {@code rollout.completion(i)}; same size
 * @since 0.2
 */
public record ScoredRollout(Rollout rollout, List<Score> scores) {

  /**
   * @throws ScoringException if there is not exactly one score per candidate
   */
  public ScoredRollout {
    Objects.requireNonNull(rollout, "rollout");
    scores = Copies.list(scores, "scores");
    if (scores.size() != rollout.size()) {
      throw new ScoringException(
          "prompt '" + rollout.prompt().id() + "' has " + rollout.size() + " candidates but "
              + scores.size() + " scores: a scorer must return exactly one score per candidate");
    }
  }

  /** Number of candidates (and of scores). */
  public int size() {
    return scores.size();
  }

  /** The value of candidate {@code i}'s score; empty when the scorer could not judge it. */
  public OptionalDouble value(int i) {
    Score s = scores.get(i);
    return s.applicable() ? OptionalDouble.of(s.value()) : OptionalDouble.empty();
  }

  /**
   * Score values in candidate order, with {@link Double#NaN} where a score is not applicable, so
   * that arithmetic which forgets {@link #applicableMask()} shows it rather than counting a 0.
   */
  public double[] valuesOrNaN() {
    double[] v = new double[scores.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = scores.get(i).applicable() ? scores.get(i).value() : Double.NaN;
    }
    return v;
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
