package ai.tao.spark;

import ai.tao.api.Generator;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.generate.Generators;
import ai.tao.core.generate.SamplingGenerator;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The small seeded TAO run the Spark tests compare with in-process {@code Tao.tune}: a fresh
 * two-layer byte-level decoder, 8 prompts, 4 per step in groups of 4, scored by the SPI {@code
 * regex} scorer, GRPO with a KL reference; the policies sample in batches of 8 rows, so each step is
 * 2 shards of 2 prompts.
 */
final class TinyRun {
  static final int MAX_BATCH_ROWS = 8;
  static final String SCORER = "regex";
  static final ScorerOptions OPTIONS = ScorerOptions.of("rule.early", "[a-m]", "rule.late", "[n-z]", "rule.digit",
      "[0-9]");

  private TinyRun() {}

  /** Writes the starting weights into {@code dir}. */
  static Path base(Path dir) {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4)
        .numKvHeads(2).maxPositions(64).build();
    try (DecoderPolicy p = DecoderPolicy.fresh("tiny", c, tok, 17)) {
      p.save(dir);
    }
    return dir;
  }

  static List<Prompt> prompts() {
    List<Prompt> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      out.add(Prompt.ofText("p-" + i, "write some letters, number " + i + ": "));
    }
    return out;
  }

  static SamplingGenerator sampling() {
    return Generators.sampling().candidatesPerPrompt(4).temperature(1.0).maxNewTokens(10).build();
  }

  /** Tunes the base in {@code baseDir} with {@code generator}; writes the final weights to {@code out}. */
  static TuneResult tune(Path baseDir, Generator generator, Scorer scorer, int steps, Path out) {
    try (DecoderPolicy policy = DecoderPolicy.load(baseDir, MAX_BATCH_ROWS);
        GrpoTrainer trainer = Trainers.grpo().learningRate(2e-2).klCoefficient(0.05).trainer(policy)) {
      TuneRequest req = TuneRequest.builder().policy(policy).prompts(PromptSource.of(prompts())).generator(generator)
          .scorer(scorer).trainer(trainer).rounds(1).promptsPerStep(4).stepsPerRound(steps).seed(5)
          .collapseGuard(CollapseGuard.off()).build();
      TuneResult r = Tao.tune(req);
      policy.save(out);
      return r;
    }
  }

  /** SHA-256 of the weights file a run saved in {@code dir}, in hex. */
  static String weights(Path dir) throws IOException {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve("model.safetensors")));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
