package ai.tao.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A round the collapse guard stopped: when, why, and which weights it went back to.
 *
 * @param round 0-based round index
 * @param afterStep steps of the round that had run when it stopped (the tripping step included)
 * @param reason which signal tripped
 * @param restoredTo the step count of the weights restored (0: the round's start); empty when the
 *     guard does not roll back
 * @param message the same, for a person, with 1-based round and step numbers as the console prints
 * @since 0.2
 */
public record CollapseStop(int round, int afterStep, Reason reason, OptionalInt restoredTo, String message) {

  /** What tripped the guard. */
  public enum Reason {
    /** The policy drifted past the KL budget from the reference model. */
    KL_BUDGET,
    /** Reward rose while the diversity of answers fell: the signature of a gamed reward. */
    GAMED_REWARD,
    /**
     * One answer came to be the majority answer of most of a step's different questions, far more
     * than at the round's start: the answers no longer depend on the question, the collapse of
     * majority-vote self-training ({@link StepMetrics#sharedAnswerFraction()}).
     *
     * @since 0.3
     */
    SHARED_ANSWER
  }

  /**
   * @throws ConfigurationException if a count is negative or the restored step is after the stop
   */
  public CollapseStop {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(restoredTo, "restoredTo");
    Objects.requireNonNull(message, "message");
    if (round < 0 || afterStep < 1) {
      throw new ConfigurationException("a collapse stop needs round >= 0 and afterStep >= 1, got " + round + ", "
          + afterStep);
    }
    if (restoredTo.isPresent() && (restoredTo.getAsInt() < 0 || restoredTo.getAsInt() > afterStep)) {
      throw new ConfigurationException("restoredTo " + restoredTo.getAsInt() + " must lie in [0, " + afterStep + "]");
    }
  }
}
