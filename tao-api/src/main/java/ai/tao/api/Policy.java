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
