package ai.tao.benchmarks;

import ai.tao.core.train.AdvantageEstimator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The advantage path: group-relative advantages for a batch of groups, from one GRPO step's worth
 * (64 groups) to 10^6 rewards (125,000 groups of 8).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AdvantageBenchmark {
  /** 125,000 groups of 8 = 10^6 rewards, a large TAO round's worth. */
  @Param({"64", "125000"})
  public int groups;

  @Param({"8", "64"})
  public int groupSize;

  private double[][] rewards;
  private final AdvantageEstimator normalized = AdvantageEstimator.groupNormalized();
  private final AdvantageEstimator centered = AdvantageEstimator.groupCentered();

  @Setup
  public void setUp() {
    Random rnd = new Random(0);
    rewards = new double[groups][groupSize];
    for (double[] g : rewards) {
      for (int i = 0; i < g.length; i++) {
        g[i] = rnd.nextInt(3) / 2.0;
      }
    }
  }

  @Benchmark
  public void groupNormalized(Blackhole bh) {
    for (double[] g : rewards) {
      bh.consume(normalized.advantages(g));
    }
  }

  @Benchmark
  public void groupCentered(Blackhole bh) {
    for (double[] g : rewards) {
      bh.consume(centered.advantages(g));
    }
  }
}
