package ai.tao.core;

import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.core.generate.Generators;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small seeded run the resume tests interrupt and resume, in process and in child JVMs alike:
 * a one-layer toy decoder rewarded for the letter 'a', GRPO with a KL reference, and a collapse
 * guard that rolls back (so its healthy snapshots and its memory cross the resume), over 2 rounds
 * of 5 steps.
 */
public final class ResumeFixture {
  /** The run's steps, both rounds. */
  public static final int ROUNDS = 2;
  public static final int STEPS_PER_ROUND = 5;
  public static final int TOTAL_STEPS = ROUNDS * STEPS_PER_ROUND;
  /** Where the final weights are: the last round's checkpoint. */
  public static final String FINAL_WEIGHTS = "round-" + (ROUNDS - 1) + "/model.safetensors";

  private ResumeFixture() {}

  /** The starting weights: always the same for a seed, as a resumed run needs. */
  public static DecoderPolicy policy(long seed) {
    ModelConfig c = ModelConfig.builder().hiddenSize(16).intermediateSize(32).numLayers(1).numHeads(2)
        .vocabSize(10).maxPositions(32).build();
    CausalLm model = new CausalLm(ModelWeights.randomInit(c, TaoRuntime.newManager(), seed, 0.3));
    return DecoderPolicy.of("toy", model, new LetterTokenizer(), 64);
  }

  public static GrpoTrainer trainer(DecoderPolicy policy, double learningRate) {
    return Trainers.grpo().learningRate(learningRate).klCoefficient(0.05).trainer(policy);
  }

  public static GrpoTrainer trainer(DecoderPolicy policy) {
    return trainer(policy, 1e-2);
  }

  public static List<Prompt> promptList() {
    List<Prompt> p = new ArrayList<>();
    for (String s : List.of("b", "cd", "e", "fg", "h", "bc")) {
      p.add(Prompt.ofText("p-" + s, s));
    }
    return p;
  }

  /**
   * A guard that rolls back, snapshots every 2 updates and trips on a KL budget only (the other
   * signals are off). In this run it trips after step 5 of round 1 (KL 1.8 > 1.0) and restores the
   * snapshot taken after step 2: a state written after step 3 or 4 must carry that snapshot.
   */
  public static CollapseGuard guard() {
    double inf = Double.POSITIVE_INFINITY;
    return new CollapseGuard(1.0, 1, 1, inf, inf, inf, inf, 2, true);
  }

  public static TuneRequest.Builder request(DecoderPolicy policy, GrpoTrainer trainer, Path out, int checkpointEvery) {
    return TuneRequest.builder().policy(policy).prompts(PromptSource.of(promptList()))
        .generator(Generators.sampling().candidatesPerPrompt(4).temperature(1.0).maxNewTokens(5).build())
        .scorer(TaoTuneTest.LETTER_A).trainer(trainer).rounds(ROUNDS).promptsPerStep(3)
        .stepsPerRound(STEPS_PER_ROUND).seed(11).collapseGuard(guard()).outputDir(out)
        .checkpointEvery(checkpointEvery);
  }

  /** The bytes of the final weights a run left in {@code out}. */
  public static byte[] finalWeights(Path out) throws IOException {
    return Files.readAllBytes(out.resolve(FINAL_WEIGHTS));
  }

  /** Runs the fixture in {@code out} from scratch (or resumes it) in this JVM. */
  public static TuneResult run(Path out, int checkpointEvery) {
    try (DecoderPolicy policy = policy(3); GrpoTrainer trainer = trainer(policy)) {
      return Tao.tune(request(policy, trainer, out, checkpointEvery).build());
    }
  }
}
