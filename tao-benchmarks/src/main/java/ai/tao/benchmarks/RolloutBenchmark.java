package ai.tao.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.tao.api.Completion;
import ai.tao.api.SamplingParams;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rollout hot path: batched KV-cache sampling, the same work as peer_llama.py's {@code rollout}
 * (batch 32, prompt 64, 64 new tokens, temperature 1, no EOS). One op = one whole rollout; tokens/s
 * = batch × newTokens / (seconds per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class RolloutBenchmark {
  @Param({"small", "smollm-135m"})
  public String shape;

  @Param({"32"})
  public int batch;

  @Param({"64"})
  public int prompt;

  @Param({"64"})
  public int newTokens;

  private NDManager root;
  private CausalLm model;
  private Sampler sampler;
  private List<int[]> prompts;
  private SamplingParams params;

  @Setup(Level.Trial)
  public void setUp() {
    root = TaoRuntime.newManager();
    model = CausalLm.random(BenchShapes.get(shape), root, 0);
    // No EOS: every row generates exactly newTokens tokens, as in the peer.
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

  @Benchmark
  public List<Completion> rollout() {
    return sampler.sample(prompts, params);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    model.close();
    root.close();
  }
}
