package ai.tao.core.train;

import java.util.Objects;

/**
 * One sequence to train on: prompt tokens, the response tokens that get the loss, and for RL the
 * response's log-probs at sampling time and its advantage.
 *
 * @param promptIds tokens the response is conditioned on (no loss)
 * @param responseIds tokens that get the loss
 * @param oldLogProbs per response token, log-prob under the sampling policy; empty for SFT
 * @param advantage the response's advantage (1 for SFT)
 * @since 0.1
 */
public record TrainSequence(int[] promptIds, int[] responseIds, float[] oldLogProbs, double advantage) {
  public TrainSequence {
    Objects.requireNonNull(promptIds, "promptIds");
    Objects.requireNonNull(responseIds, "responseIds");
    Objects.requireNonNull(oldLogProbs, "oldLogProbs");
    if (promptIds.length == 0) {
      throw new IllegalArgumentException("promptIds is empty: a response needs at least one token before it");
    }
    if (oldLogProbs.length != 0 && oldLogProbs.length != responseIds.length) {
      throw new IllegalArgumentException("oldLogProbs has " + oldLogProbs.length + " entries for "
          + responseIds.length + " response tokens");
    }
  }

  /** Prompt and response tokens together. */
  int length() {
    return promptIds.length + responseIds.length;
  }
}
