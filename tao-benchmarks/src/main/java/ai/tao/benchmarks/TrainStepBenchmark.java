package ai.tao.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.TrainStepResult;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

  private DecoderPolicy policy;
  private GrpoTrainer trainer;
  private List<ScoredRollout> groups;

  @Setup(Level.Trial)
  public void setUp() {
    NDManager root = TaoRuntime.newManager();
    CausalLm model = CausalLm.random(BenchShapes.get(shape), root, 0);
    policy = DecoderPolicy.of(shape, model, ByteTokenizer.create(), 64);
    trainer = Trainers.grpo().learningRate(1e-5).klCoefficient(0).microBatchSequences(batch).trainer(policy);
    Random rnd = new Random(0);
    groups = new ArrayList<>();
    int perGroup = 8;
    for (int g = 0; g < batch / perGroup; g++) {
      List<Completion> cs = new ArrayList<>();
      List<Score> scores = new ArrayList<>();
      for (int i = 0; i < perGroup; i++) {
        int[] ids = new int[seq - 2]; // + BOS and one prompt byte = seq tokens
        float[] lps = new float[ids.length];
        for (int t = 0; t < ids.length; t++) {
          ids[t] = 3 + rnd.nextInt(model.config().vocabSize() - 3);
          lps[t] = -8f;
        }
        cs.add(new Completion("", ids, lps, FinishReason.LENGTH));
        scores.add(Score.of(rnd.nextGaussian()));
      }
      SamplingParams sampled = SamplingParams.builder().candidatesPerPrompt(perGroup).build();
      groups.add(new ScoredRollout(new Rollout(Prompt.ofText("p" + g, "x"), new int[] {ByteTokenizer.BOS_ID, 'x'},
          sampled, cs), scores));
    }
  }

  @Benchmark
  public TrainStepResult step() {
    return trainer.step(groups);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    trainer.close();
    policy.close();
  }
}
