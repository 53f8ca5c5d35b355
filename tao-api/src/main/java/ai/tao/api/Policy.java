package ai.tao.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The model being tuned: it samples completions and is updated in place by a {@link Trainer}.
 *
 * <p>A policy owns native resources (weights, KV caches); close it when done. Implementations need
 * not be thread-safe: the engine calls one method at a time.
 *
 * @since 0.1
 */
public interface Policy extends AutoCloseable {

  /** A short human-readable name, for example the model id; never blank. */
  String name();

  /**
   * Samples completions for a batch of prompts.
   *
   * @param prompts the prompts, in order
   * @param params how to sample; {@code params.seed()} makes the result reproducible
   * @return one list per prompt, in prompt order, each holding exactly {@code
   *     params.candidatesPerPrompt()} completions
   * @throws TaoException if generation fails
   */
  List<List<Completion>> sample(List<Prompt> prompts, SamplingParams params);

  /**
   * Writes the current weights (and whatever is needed to load them again) to {@code dir}, creating
   * it if needed.
   *
   * @throws TaoException if the checkpoint cannot be written
   */
  void save(Path dir);

  /** Releases native resources. Does not throw checked exceptions. */
  @Override
  void close();
}
