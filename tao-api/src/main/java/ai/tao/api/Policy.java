package ai.tao.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The model being tuned: it samples candidates for prompts and can be saved.
 *
 * <p>A policy owns native resources (weights, KV caches); close it when done. Implementations need
 * not be thread-safe: the engine calls one method at a time. A policy that can also be trained in
 * process implements {@link TrainablePolicy}, and says so through {@link #trainable()}.
 *
 * @since 0.1
 */
public interface Policy extends AutoCloseable {

  /** A short human-readable name, for example the model id; never blank. */
  String name();

  /**
   * Samples candidates for a batch of prompts.
   *
   * <p>The same weights, prompts and {@code params} (seed included) give the same rollouts, whatever
   * else runs in the JVM: a policy keeps no random state between calls and shares none with other
   * policies.
   *
   * @param prompts the prompts, in order; each is sampled exactly as given (templates are the
   *     generator's business)
   * @param params how to sample; {@code params.seed()} makes the result reproducible
   * @return one rollout per prompt, in prompt order, each holding exactly {@code
   *     params.candidatesPerPrompt()} completions and the token ids the policy was fed
   * @throws TaoException if generation fails
   */
  List<Rollout> sample(List<Prompt> prompts, SamplingParams params);

  /**
   * Samples a shard of a larger call: {@code prompts} stand at position {@code firstPrompt} of a
   * call's prompt list, and each candidate draws the random stream it would draw in that whole call.
   * This is what lets one step be sampled in shards, on several machines, with the one-call result.
   *
   * <p>A shard that starts and ends on the policy's batch boundaries is sampled in the very batches
   * the whole call would use, so its rollouts equal the whole call's bit for bit. Elsewhere each
   * candidate keeps its random stream, but its batch holds other rows than in the whole call, which
   * may change the floating-point rounding of its logits.
   *
   * <p>The default serves {@code firstPrompt == 0} only (it is {@link #sample}); a policy whose
   * random streams are tied to a candidate's position in the call overrides it.
   *
   * @param firstPrompt index of {@code prompts.get(0)} in the whole call, {@code >= 0}
   * @throws ConfigurationException if this policy cannot sample a shard at that position
   * @since 0.5
   */
  default List<Rollout> sampleShard(List<Prompt> prompts, SamplingParams params, int firstPrompt) {
    if (firstPrompt == 0) {
      return sample(prompts, params);
    }
    throw new ConfigurationException("policy '" + name() + "' samples whole calls only, not a shard starting at"
        + " prompt " + firstPrompt + ": sample the step in one call, or use a policy that overrides sampleShard");
  }

  /**
   * Prompts per shard that start and end on this policy's batch boundaries for a group of {@code
   * candidatesPerPrompt}: shards of a multiple of it are sampled bit for bit as in one call (see
   * {@link #sampleShard}). 1 by default, for a policy without batches.
   *
   * @since 0.5
   */
  default int shardAlignment(int candidatesPerPrompt) {
    return 1;
  }

  /**
   * Writes the current weights (and whatever is needed to load them again) to {@code dir}, creating
   * it if needed.
   *
   * @throws OutputException if the checkpoint cannot be written
   */
  void save(Path dir);

  /**
   * This policy as a {@link TrainablePolicy}, if it is one: the capability the loop needs to roll
   * weights back. Empty by default; {@link TrainablePolicy} returns itself.
   */
  default Optional<TrainablePolicy> trainable() {
    return Optional.empty();
  }

  /**
   * This policy's weights as {@link Resumable} state, if they can be written and read back in
   * place: the capability a run needs to write resume states ({@code checkpointEvery}). Empty by
   * default.
   *
   * @since 0.4
   */
  default Optional<Resumable> resumable() {
    return Optional.empty();
  }

  /** Releases native resources. Does not throw checked exceptions. */
  @Override
  void close();
}
