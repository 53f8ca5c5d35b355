package ai.tao.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.tao.api.Completion;
import ai.tao.api.SamplingParams;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One rollout of the peer's {@code rollout} work on a random model of a peer shape: {@code batch}
 * random prompts of {@code prompt} tokens, {@code newTokens} sampled at temperature 1 with no EOS,
 * so every row generates exactly {@code newTokens}. Shared by {@link RolloutBenchmark} and the
 * suite's speed part, so both time the same thing.
 */
public final class RolloutWork implements AutoCloseable {
  private final NDManager root;
  private final CausalLm model;
  private final Sampler sampler;
  private final List<int[]> prompts;
  private final SamplingParams params;
  private final int batch;
  private final int newTokens;

  public RolloutWork(String shape, int batch, int prompt, int newTokens) {
    this.batch = batch;
    this.newTokens = newTokens;
    root = TaoRuntime.newManager();
    model = CausalLm.random(BenchShapes.get(shape), root, 0);
    sampler = new Sampler(model, Set.of(), 0, ids -> "");
    Random rnd = new Random(0);
    prompts = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      int[] p = new int[prompt];
      for (int t = 0; t < prompt; t++) {
        p[t] = 3 + rnd.nextInt(model.config().vocabSize() - 3);
      }
      prompts.add(p);
    }
    params = SamplingParams.builder().temperature(1.0).maxNewTokens(newTokens).seed(0).build();
  }

  /** One whole rollout. */
  public List<Completion> run() {
    return sampler.sample(prompts, params);
  }

  /** Tokens one {@link #run()} generates: batch × new tokens. */
  public long generatedTokens() {
    return (long) batch * newTokens;
  }

  public ModelConfig config() {
    return model.config();
  }

  @Override
  public void close() {
    model.close();
    root.close();
  }
}
