package ai.tao.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.tao.api.Completion;
import ai.tao.api.SamplingParams;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.sampling.DecodeOptions;
import ai.tao.core.sampling.Sampler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * TAO's own rollout on a random model of a peer shape: {@code prompts} random prompts of {@code
 * promptLength} tokens, each repeated {@code candidates} times (a group), sampled at temperature 1
 * for at most {@code newTokens}. A random model's next-token distribution is close to uniform, so
 * a share {@code 1/meanLength} of the vocabulary is made end ids: rows end at geometric lengths of
 * about {@code meanLength}, as answers of varied length do. Shared by {@link GroupRolloutBenchmark}
 * and the suite's speed part.
 */
public final class GroupRolloutWork implements AutoCloseable {
  private final NDManager root;
  private final CausalLm model;
  private final Sampler sampler;
  private final List<int[]> rows;
  private final SamplingParams params;

  public GroupRolloutWork(String shape, int prompts, int candidates, int promptLength, int newTokens,
      int meanLength, DecodeOptions options) {
    root = TaoRuntime.newManager();
    model = CausalLm.random(BenchShapes.get(shape), root, 0);
    int vocab = model.config().vocabSize();
    Random rnd = new Random(0);
    Set<Integer> ends = new HashSet<>();
    while (ends.size() < Math.max(1, vocab / meanLength)) {
      ends.add(3 + rnd.nextInt(vocab - 3));
    }
    sampler = new Sampler(model, ends, 0, ids -> "", vocab, options);
    rows = new ArrayList<>();
    for (int p = 0; p < prompts; p++) {
      int[] ids = new int[promptLength];
      for (int t = 0; t < promptLength; t++) {
        ids[t] = 3 + rnd.nextInt(vocab - 3);
      }
      for (int c = 0; c < candidates; c++) {
        rows.add(ids);
      }
    }
    params = SamplingParams.builder().temperature(1.0).maxNewTokens(newTokens).seed(0).build();
  }

  /** One whole rollout of every group. */
  public List<Completion> run() {
    return sampler.sample(rows, params);
  }

  /** Tokens a run generates (the same every run: the seed is fixed). */
  public static long generatedTokens(List<Completion> out) {
    return out.stream().mapToLong(c -> c.tokenIds().length).sum();
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
