package ai.tao.benchmarks;

import ai.tao.api.TrainStepResult;
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
 * The GRPO train step, the same work as peer_llama.py's {@code train}: 32 sequences of 128 tokens,
 * clipped objective, backward, global-norm clip, AdamW; no KL (the peer has none). Tokens/s =
 * 32 × 127 / (seconds per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class TrainStepBenchmark {
  @Param({"tiny", "small"})
  public String shape;

  @Param({"32"})
  public int batch;

  @Param({"128"})
  public int seq;

  private TrainStepWork work;

  @Setup(Level.Trial)
  public void setUp() {
    work = new TrainStepWork(shape, batch, seq);
  }

  @Benchmark
  public TrainStepResult step() {
    return work.run();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    work.close();
  }
}
