package ai.tao.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What was sampled for one prompt, exactly as it was sampled: the unit the generator hands to the
 * scorer and the trainer.
 *
 * <p>A trainer reproduces the sampling distribution from a rollout alone: the tokens the model was
 * fed ({@link #promptTokenIds}, after any prompt template and chat template), each candidate's
 * tokens and per-token log-probabilities, and the {@link SamplingParams} in force (temperature,
 * top-k, top-p, seed). It never re-encodes {@link #prompt} unless told to train off-policy.
 *
 * <p>{@link #prompt} is the task's prompt as the prompt source gave it, before any template: the
 * scorer judges candidates against it through {@link #group()}.
 *
 * @param prompt the prompt as the source gave it (what scorers see)
 * @param promptTokenIds the token ids the policy was fed, never empty
 * @param sampling the settings the candidates were sampled with
 * @param completions the candidates, in sampling order; never empty
 * @since 0.2
 */
public record Rollout(Prompt prompt, int[] promptTokenIds, SamplingParams sampling, List<Completion> completions) {

  /**
   * @throws DataInputException if there are no prompt tokens or no completions
   */
  public Rollout {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(promptTokenIds, "promptTokenIds");
    Objects.requireNonNull(sampling, "sampling");
    completions = Copies.list(completions, "completions");
    if (promptTokenIds.length == 0) {
      throw new DataInputException("rollout of prompt '" + prompt.id() + "' has no prompt tokens: a policy"
          + " samples from at least one token (a BOS token or text)");
    }
    if (completions.isEmpty()) {
      throw new DataInputException("rollout of prompt '" + prompt.id() + "' has no completions");
    }
    promptTokenIds = promptTokenIds.clone();
  }

  /** A copy of the token ids the policy was fed. */
  @Override
  public int[] promptTokenIds() {
    return promptTokenIds.clone();
  }

  /** Number of candidates. */
  public int size() {
    return completions.size();
  }

  /** The candidate at {@code index}. */
  public Completion completion(int index) {
    return completions.get(index);
  }

  /** What a scorer sees: the original prompt and the candidates. */
  public CandidateGroup group() {
    return new CandidateGroup(prompt, completions);
  }

  /** The same sample, reported under another prompt (the untemplated one, say). */
  public Rollout withPrompt(Prompt original) {
    return new Rollout(original, promptTokenIds, sampling, completions);
  }

  /** The temperature the candidates' log-probabilities are under: 1 for greedy decoding. */
  public double logProbTemperature() {
    return sampling.greedy() ? 1.0 : sampling.temperature();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rollout r && prompt.equals(r.prompt) && Arrays.equals(promptTokenIds, r.promptTokenIds)
        && sampling.equals(r.sampling) && completions.equals(r.completions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prompt, Arrays.hashCode(promptTokenIds), sampling, completions);
  }

  @Override
  public String toString() {
    return "Rollout[prompt=" + prompt.id() + ", promptTokens=" + promptTokenIds.length + ", sampling=" + sampling
        + ", completions=" + completions.size() + "]";
  }
}
