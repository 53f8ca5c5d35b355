package ai.tao.benchmarks;

import ai.tao.api.Completion;
import java.util.List;
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
 *
 * <p>The same work at other sizes, with JMH's {@code -p}:
 * <ul>
 *   <li>decoding at batch 1 to 256, prefill negligible: {@code -p shape=smollm-135m
 *       -p batch=1,8,32,128,256 -p prompt=8};
 *   <li>prefill, one pass over 8 × 256 prompt tokens: {@code -p shape=smollm-135m -p batch=8
 *       -p prompt=256 -p newTokens=1}.
 * </ul>
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

  private RolloutWork work;

  @Setup(Level.Trial)
  public void setUp() {
    work = new RolloutWork(shape, batch, prompt, newTokens);
  }

  @Benchmark
  public List<Completion> rollout() {
    return work.run();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    work.close();
  }
}
