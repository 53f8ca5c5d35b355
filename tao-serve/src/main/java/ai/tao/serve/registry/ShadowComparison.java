package ai.tao.serve.registry;

import ai.tao.api.ConfigurationException;
import ai.tao.core.eval.ConfidenceInterval;
import java.util.Objects;
import java.util.Optional;

/**
 * The label-free half of a {@link GateDecision}: both policies sampled on the same held-out prompts
 * with the same settings and seed, their candidates scored by the run's scorer.
 *
 * @param prompts how many held-out prompts were sampled
 * @param candidate the candidate policy's scores
 * @param current the current policy's scores
 * @param margin how much higher the candidate's mean must be, in the scorer's units
 * @param maxApplicableShareDrop how much smaller a share of the candidate's completions the scorer may
 *     judge, as a fraction (0.05 = 5 points)
 * @param differenceCi95 the 95% interval of the per-prompt difference of mean scores (candidate −
 *     current), over the prompts where the scorer judged both; empty where it judged none of both.
 *     For the reader: the gate decides on the means and the margin
 * @since 0.5
 */
public record ShadowComparison(int prompts, Scores candidate, Scores current, double margin,
    double maxApplicableShareDrop, Optional<ConfidenceInterval> differenceCi95) {

  /** Tolerance of the comparisons: a mean that equals the bar up to rounding meets it. */
  static final double EPSILON = 1e-9;

  public ShadowComparison {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(differenceCi95, "differenceCi95");
  }

  /** Candidate mean minus current mean; 0 when either has no score. */
  public double difference() {
    return comparable() ? candidate.mean() - current.mean() : 0.0;
  }

  /** Whether the scorer judged at least one completion of each policy, without which means say nothing. */
  public boolean comparable() {
    return candidate.scored() > 0 && current.scored() > 0;
  }

  /** Whether the candidate's mean is at least the current one's plus the margin. */
  public boolean meetsMargin() {
    return comparable() && difference() >= margin - EPSILON;
  }

  /**
   * Whether the scorer judged about as large a share of the candidate's completions as of the
   * current's. A candidate whose completions the scorer cannot judge (prose where SQL was asked)
   * is not scored lower, only less often; this check keeps such a candidate out.
   */
  public boolean applicableShareKept() {
    return current.applicableShare() - candidate.applicableShare() <= maxApplicableShareDrop + EPSILON;
  }

  /** Whether the shadow half lets the candidate through. */
  public boolean passed() {
    return meetsMargin() && applicableShareKept();
  }

  /**
   * One policy's shadow scores.
   *
   * @param mean the mean of the applicable scores; 0 when there are none
   * @param scored how many completions the scorer judged (applicable scores)
   * @param notApplicable how many it could not judge ({@link ai.tao.api.Score#notApplicable})
   * @since 0.5
   */
  public record Scores(double mean, int scored, int notApplicable) {
    public Scores {
      if (scored < 0 || notApplicable < 0 || !Double.isFinite(mean) || scored == 0 && mean != 0.0) {
        throw new ConfigurationException("shadow scores need counts >= 0 and a finite mean (0 with no score), got"
            + " mean " + mean + ", scored " + scored + ", notApplicable " + notApplicable);
      }
    }

    /** Completions sampled. */
    public int completions() {
      return scored + notApplicable;
    }

    /** The share of completions the scorer judged, in [0, 1]; 0 when there were none. */
    public double applicableShare() {
      return completions() == 0 ? 0.0 : scored / (double) completions();
    }
  }
}
