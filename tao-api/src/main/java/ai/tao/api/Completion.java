package ai.tao.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One generated continuation of a prompt, with the token ids and log-probabilities the policy
 * produced it with.
 *
 * <p>{@code tokenIds} are the generated tokens only, without the prompt. When {@code finishReason}
 * is {@link FinishReason#EOS} they end with the end-of-sequence token, so a trainer can reinforce
 * stopping; {@code text} is the decoded completion without that token. {@code logProbs[i]} is the
 * log-probability (natural log) of {@code tokenIds[i]} under the policy that sampled it, which GRPO
 * uses as the "old" policy in its importance ratio.
 *
 * <p>Arrays are copied on the way in and on the way out; {@link #equals}, {@link #hashCode} and
 * {@link #toString} compare and print their contents.
 *
 * @param text the decoded completion; may be empty, never null
 * @param tokenIds generated token ids, one per generated token
 * @param logProbs natural-log probability of each generated token; same length as {@code tokenIds},
 *     never NaN
 * @param finishReason why generation stopped
 * @since 0.1
 */
public record Completion(String text, int[] tokenIds, float[] logProbs, FinishReason finishReason) {

  /**
   * @throws DataInputException if the arrays differ in length or a log-probability is NaN
   */
  public Completion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(logProbs, "logProbs");
    Objects.requireNonNull(finishReason, "finishReason");
    if (tokenIds.length != logProbs.length) {
      throw new DataInputException(
          "completion has " + tokenIds.length + " token ids but " + logProbs.length
              + " log-probabilities: they must be the same length");
    }
    tokenIds = tokenIds.clone();
    logProbs = logProbs.clone();
    for (int i = 0; i < logProbs.length; i++) {
      if (Float.isNaN(logProbs[i])) {
        throw new DataInputException(
            "log-probability of token " + i + " (id " + tokenIds[i] + ") is NaN");
      }
    }
  }

  /** A copy of the generated token ids. */
  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }

  /** A copy of the per-token log-probabilities. */
  @Override
  public float[] logProbs() {
    return logProbs.clone();
  }

  /** Number of generated tokens. */
  public int length() {
    return tokenIds.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Completion other
        && text.equals(other.text)
        && Arrays.equals(tokenIds, other.tokenIds)
        && Arrays.equals(logProbs, other.logProbs)
        && finishReason == other.finishReason;
  }

  @Override
  public int hashCode() {
    int h = text.hashCode();
    h = 31 * h + Arrays.hashCode(tokenIds);
    h = 31 * h + Arrays.hashCode(logProbs);
    return 31 * h + finishReason.hashCode();
  }

  @Override
  public String toString() {
    return "Completion[text=" + text
        + ", tokenIds=" + Arrays.toString(tokenIds)
        + ", logProbs=" + Arrays.toString(logProbs)
        + ", finishReason=" + finishReason + "]";
  }
}
