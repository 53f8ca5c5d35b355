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
 * Prefill: 8 prompts of 256 tokens and one sampled token, so the time is that of one full-sequence
 * pass with the KV cache written. Prompt tokens/s = batch × prompt / (seconds per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PrefillBenchmark {
  @Param({"smollm-135m"})
  public String shape;

  @Param({"8"})
  public int batch;

  @Param({"256"})
  public int prompt;

  @Param({"1"})
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
