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
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One GRPO step of the peer's {@code train} work on a random model of a peer shape: {@code batch}
 * sequences of {@code seq} tokens in groups of 8 (one group of all when fewer), clipped objective, backward, global-norm clip,
 * AdamW, no KL (the peer has none). Shared by {@link TrainStepBenchmark} and the suite's speed
 * part, so both time the same thing.
 */
public final class TrainStepWork implements AutoCloseable {
  private static final int PER_GROUP = 8;
  private final DecoderPolicy policy;
  private final GrpoTrainer trainer;
  private final List<ScoredRollout> groups = new ArrayList<>();
  private final int batch;
  private final int seq;

  /** {@code batch} must be a multiple of 8 (the group size), or below 8 (one group). */
  public TrainStepWork(String shape, int batch, int seq) {
    this(shape, batch, seq, null, batch);
  }

  /**
   * @param lora adapters to train instead of every weight, or null for full fine-tuning
   * @param microBatch sequences per forward/backward pass
   */
  public TrainStepWork(String shape, int batch, int seq, ai.tao.core.model.LoraConfig lora, int microBatch) {
    int perGroup = Math.min(PER_GROUP, batch);
    if (batch % perGroup != 0) {
      throw new IllegalArgumentException("batch " + batch + " is not a multiple of the group size " + PER_GROUP);
    }
    this.batch = batch;
    this.seq = seq;
    NDManager root = TaoRuntime.newManager();
    CausalLm model = CausalLm.random(BenchShapes.get(shape), root, 0);
    policy = DecoderPolicy.of(shape, model, ByteTokenizer.create(), 64);
    if (lora != null) {
      policy.withLora(lora, 0);
    }
    trainer = Trainers.grpo().learningRate(1e-5).klCoefficient(0).microBatchSequences(microBatch).trainer(policy);
    Random rnd = new Random(0);
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

  /** One optimizer step. */
  public TrainStepResult run() {
    return trainer.step(groups);
  }

  /** Tokens one step trains on, as the peer counts them: batch × (seq − 1). */
  public long tokens() {
    return (long) batch * (seq - 1);
  }

  /** Parameters of the model (the base, without adapters). */
  public long parameterCount() {
    return policy.model().weights().parameterCount();
  }

  public ModelConfig config() {
    return policy.model().config();
  }

  @Override
  public void close() {
    trainer.close();
    policy.close();
  }
}
