package ai.tao.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.LabeledExample;
import ai.tao.core.train.SftTrainer;
import ai.tao.core.train.Trainers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory across many training steps: {@code steps} SFT steps, then {@code steps} GRPO steps
 * (sampling, scoring by length, update, with the KL reference), printing the resident set size every
 * tenth of the way. Flat RSS after warm-up means no per-step array is left behind.
 * With {@code lora}, the policy trains rank-8 LoRA adapters instead of every weight.
 * Usage: {@code TrainingMemoryCheck [shape] [steps] [lora]}.
 */
public final class TrainingMemoryCheck {
  private TrainingMemoryCheck() {}

  public static void main(String[] args) throws IOException {
    String shape = args.length > 0 ? args[0] : "tiny";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    boolean lora = args.length > 2 && args[2].equals("lora");
    NDManager root = TaoRuntime.newManager();
    // The byte tokenizer has 259 ids: the shape's vocabulary is cut to that so every sample decodes.
    var config = BenchShapes.get(shape).toBuilder().vocabSize(ByteTokenizer.VOCAB_SIZE).build();
    DecoderPolicy built = DecoderPolicy.of(shape, CausalLm.random(config, root, 0), ByteTokenizer.create(), 64);
    if (lora) {
      built.withLora(ai.tao.core.model.LoraConfig.builder().rank(8).build(), 0);
    }
    try (DecoderPolicy policy = built;
        SftTrainer sft = Trainers.sft().learningRate(1e-3).microBatch(16).trainer(policy);
        GrpoTrainer grpo = Trainers.grpo().learningRate(1e-4).klCoefficient(0.05).trainer(policy)) {
      List<LabeledExample> data = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        data.add(new LabeledExample(Prompt.ofText("p" + i, "question " + i), "answer number " + (i * 7)));
      }
      for (int s = 1; s <= steps; s++) {
        sft.step(data);
        report("sft", s, steps);
      }
      List<Prompt> prompts = data.stream().limit(8).map(LabeledExample::prompt).toList();
      SamplingParams sp = SamplingParams.builder().temperature(1.0).candidatesPerPrompt(8).maxNewTokens(16).build();
      for (int s = 1; s <= steps; s++) {
        List<ScoredRollout> batch = new ArrayList<>();
        for (Rollout r : policy.sample(prompts, sp.toBuilder().seed(s).build())) {
          List<Score> scores = r.completions().stream().map(c -> Score.of(c.length() / 16.0)).toList();
          batch.add(new ScoredRollout(r, scores));
        }
        grpo.step(batch);
        report("grpo", s, steps);
      }
    } finally {
      root.close();
    }
  }

  private static void report(String phase, int step, int steps) throws IOException {
    if (step % Math.max(1, steps / 10) == 0) {
      System.out.printf("%s step=%d rss_mb=%.1f%n", phase, step, ProcessMemory.residentKib() / 1024.0);
    }
  }
}
