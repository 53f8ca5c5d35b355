package ai.tao.benchmarks;

import ai.tao.api.Completion;
import ai.tao.core.sampling.DecodeOptions;
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
 * TAO's rollout workload: a few prompts times a group of candidates, rows ending at varied lengths
 * ({@link GroupRolloutWork}). {@code share} and {@code compact} switch prefix sharing and
 * compaction of finished rows, so each one's gain is the ratio of two rows of the table. One op =
 * one whole rollout.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class GroupRolloutBenchmark {
  @Param({"smollm-135m"})
  public String shape;

  @Param({"2"})
  public int prompts;

  @Param({"16", "8"})
  public int candidates;

  @Param({"256"})
  public int promptLength;

  @Param({"64"})
  public int newTokens;

  @Param({"32"})
  public int meanLength;

  @Param({"true", "false"})
  public boolean share;

  @Param({"true", "false"})
  public boolean compact;

  private GroupRolloutWork work;

  @Setup(Level.Trial)
  public void setUp() {
    work = new GroupRolloutWork(shape, prompts, candidates, promptLength, newTokens, meanLength,
        new DecodeOptions(share, compact));
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
