package ai.tao.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.tao.core.Tao;
import ai.tao.core.TaoRuntime;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.data.PromptFiles;
import ai.tao.core.generate.Generators;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.observe.Listeners;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.Trainers;
import ai.tao.rewards.Scorers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holds the README's example: it must compile, and it runs on a tiny model saved to a folder. */
class ReadmeExampleTest {
  @Test
  void readmeExampleRuns(@TempDir Path dir) throws IOException {
    Path model = dir.resolve("my-model");
    ModelConfig c = ModelConfig.builder().hiddenSize(16).intermediateSize(32).numLayers(1).numHeads(2)
        .vocabSize(ByteTokenizer.VOCAB_SIZE).maxPositions(128).build();
    try (NDManager m = TaoRuntime.newManager();
        DecoderPolicy fresh = DecoderPolicy.of("tiny", CausalLm.random(c, m, 1), ByteTokenizer.create(), 64)) {
      fresh.save(model);
    }
    Path prompts = dir.resolve("prompts.jsonl");
    Files.write(prompts, List.of("{\"prompt\": \"how many rows?\"}", "{\"prompt\": \"list the names\"}"));
    Path runs = dir.resolve("runs/first");
    Path tuned = dir.resolve("my-model-tuned");

    // ---- the README example, with paths made absolute and a short budget ----
    try (DecoderPolicy policy = DecoderPolicy.load(model)) {
      TuneResult r = Tao.tune(TuneRequest.builder()
          .policy(policy)
          .prompts(PromptFiles.jsonl(prompts).build())
          .generator(Generators.sampling().candidatesPerPrompt(8).temperature(0.7).maxNewTokens(8).build())
          .scorer(Scorers.weighted()
              .add(Scorers.regex().pattern("^SELECT ").build(), 0.3)
              .add(Scorers.majorityAgreement().build(), 0.7)
              .build())
          .trainer(Trainers.grpo().learningRate(1e-5).klCoefficient(0.05).temperature(0.7).trainer())
          .rounds(2).seed(7)
          .outputDir(runs)
          .listener(Listeners.console())
          .build());
      r.policy().save(tuned);
      // ---- end of the example ----
      assertThat(r.checkpoints()).hasSize(2);
      assertThat(runs.resolve("metrics.jsonl")).exists();
    }
    try (DecoderPolicy back = DecoderPolicy.load(tuned)) {
      assertThat(back.model().config()).isEqualTo(c.toBuilder().build());
    }
  }
}
