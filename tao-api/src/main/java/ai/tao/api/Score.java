package ai.tao.api;

import java.util.Map;
import java.util.Objects;

/**
 * A label-free score of one candidate.
 *
 * <p>A scorer that cannot judge a candidate (a JSON scorer shown prose, a code scorer whose sandbox
 * is disabled) returns {@link #notApplicable}: value 0.0, {@code applicable} false and a reason.
 * Advantage estimators and reports can then leave it out rather than count it as a failure. A
 * candidate that was judged and failed gets an applicable score, possibly {@link #zero}.
 *
 * @param value the score; finite. Always 0.0 when not applicable. Scale is the scorer's own
 *     (documented per scorer); advantages are normalised per group, so only order and spread within
 *     a group matter to training.
 * @param components named parts of the value (for example {@code format} and {@code length}) for
 *     logging; finite values, possibly empty
 * @param applicable whether the scorer could judge this candidate at all
 * @param reason why the score is what it is; never blank when not applicable, may be empty otherwise
 * @since 0.1
 */
public record Score(double value, Map<String, Double> components, boolean applicable, String reason) {

  /**
   * @throws ScoringException if the value or a component is NaN or infinite, or if a not-applicable
   *     score has a non-zero value or a blank reason
   */
  public Score {
    Objects.requireNonNull(reason, "reason");
    components = Copies.orderedMap(components, "components");
    if (!Double.isFinite(value)) {
      throw new ScoringException("score value must be finite, got " + value);
    }
    for (Map.Entry<String, Double> e : components.entrySet()) {
      if (!Double.isFinite(e.getValue())) {
        throw new ScoringException(
            "score component '" + e.getKey() + "' must be finite, got " + e.getValue());
      }
    }
    if (!applicable && value != 0.0) {
      throw new ScoringException("a not-applicable score must have value 0.0, got " + value);
    }
    if (!applicable && reason.isBlank()) {
      throw new ScoringException("a not-applicable score needs a reason, got '" + reason + "'");
    }
  }

  /** An applicable score with no components and no reason. */
  public static Score of(double value) {
    return new Score(value, Map.of(), true, "");
  }

  /** An applicable score with named components, for logging. */
  public static Score of(double value, Map<String, Double> components) {
    return new Score(value, components, true, "");
  }

  /** The scorer could not judge this candidate; {@code reason} says why and must not be blank. */
  public static Score notApplicable(String reason) {
    return new Score(0.0, Map.of(), false, reason);
  }

  /** The candidate was judged and earned nothing; {@code reason} says why and must not be blank. */
  public static Score zero(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new ScoringException("a zero score needs a reason, got '" + reason + "'");
    }
    return new Score(0.0, Map.of(), true, reason);
  }
}
