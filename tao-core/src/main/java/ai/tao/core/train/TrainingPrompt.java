package ai.tao.core.train;

/**
 * Which prompt a GRPO step conditions the sampled completions on.
 *
 * @since 0.2
 */
public enum TrainingPrompt {
  /**
   * The tokens the policy was sampled from, as the rollout records them (after any prompt template):
   * on-policy, so the importance ratio of the first epoch is 1. The default.
   */
  AS_SAMPLED,
  /**
   * The rollout's original prompt, re-encoded without the template: the completions sampled with a
   * template (a chain-of-thought instruction, say) are trained as answers to the bare prompt, which
   * distils the templated behaviour into direct answers. Off-policy by construction: the
   * sampling-time log-probs belong to another prompt, so the step first recomputes them under the
   * bare prompt with the current weights (no gradient) and clips against those. Needs the policy's
   * {@link ai.tao.api.TrainablePolicy#encode}.
   */
  ORIGINAL_PROMPT
}
