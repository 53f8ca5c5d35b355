package ai.tao.core.train;

import ai.tao.api.ConfigurationException;
import java.util.Objects;

/**
 * One sequence to train on: prompt tokens, the response tokens that get the loss, and for RL the
 * response's log-probs at sampling time, its advantage and the temperature they were sampled at.
 *
 * @param promptIds tokens the response is conditioned on (no loss)
 * @param responseIds tokens that get the loss
 * @param oldLogProbs per response token, log-prob under the sampling policy; empty for SFT
 * @param advantage the response's advantage (1 for SFT)
 * @param temperature log-probs are computed under softmax(logits / temperature); 1 for SFT
 * @since 0.1
 */
public record TrainSequence(int[] promptIds, int[] responseIds, float[] oldLogProbs, double advantage,
    double temperature) {
  public TrainSequence {
    Objects.requireNonNull(promptIds, "promptIds");
    Objects.requireNonNull(responseIds, "responseIds");
    Objects.requireNonNull(oldLogProbs, "oldLogProbs");
    if (promptIds.length == 0) {
      throw new ConfigurationException("promptIds is empty: a response needs at least one token before it");
    }
    if (oldLogProbs.length != 0 && oldLogProbs.length != responseIds.length) {
      throw new ConfigurationException("oldLogProbs has " + oldLogProbs.length + " entries for "
          + responseIds.length + " response tokens");
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new ConfigurationException("temperature must be finite and > 0, got " + temperature);
    }
  }

  /** A supervised sequence: no old log-probs, advantage 1, temperature 1. */
  static TrainSequence supervised(int[] promptIds, int[] responseIds) {
    return new TrainSequence(promptIds, responseIds, new float[0], 1.0, 1.0);
  }

  /** The same sequence with other sampling-time log-probs. */
  TrainSequence withOldLogProbs(float[] logProbs) {
    return new TrainSequence(promptIds, responseIds, logProbs, advantage, temperature);
  }

  /** Prompt and response tokens together. */
  int length() {
    return promptIds.length + responseIds.length;
  }
}
