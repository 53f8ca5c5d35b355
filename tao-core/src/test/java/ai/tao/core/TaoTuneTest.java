package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScoringException;
import ai.tao.core.generate.Generators;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.Trainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop on a toy task: reward = share of the letter 'a' in the completion. */
class TaoTuneTest {
  static final Scorer LETTER_A = new Scorer() {
    @Override
    public String name() {
      return "share-of-a";
    }

    @Override
    public List<Score> score(CandidateGroup group) {
      List<Score> s = new ArrayList<>();
      for (Completion c : group.candidates()) {
        long a = c.text().chars().filter(ch -> ch == 'a').count();
        s.add(Score.of(c.text().isEmpty() ? 0 : a / (double) c.text().length()));
      }
      return s;
    }
  };

  static DecoderPolicy policy(long seed) {
    ModelConfig c = ModelConfig.builder().hiddenSize(16).intermediateSize(32).numLayers(1).numHeads(2)
        .vocabSize(10).maxPositions(32).build();
    CausalLm model = new CausalLm(ModelWeights.randomInit(c, TaoRuntime.newManager(), seed, 0.3));
    return DecoderPolicy.of("toy", model, new LetterTokenizer(), 64);
  }

  static PromptSource prompts() {
    List<Prompt> p = new ArrayList<>();
    for (String s : List.of("b", "cd", "e", "fg", "h", "bc")) {
      p.add(Prompt.ofText("p-" + s, s));
    }
    return PromptSource.of(p);
  }

  static TuneRequest.Builder request(DecoderPolicy policy, Scorer scorer, Path out) {
    return TuneRequest.builder().policy(policy).prompts(prompts())
        .generator(Generators.sampling().candidatesPerPrompt(8).temperature(1.0).maxNewTokens(6).build())
        .scorer(scorer)
        .trainer(Trainers.grpo().learningRate(3e-2).klCoefficient(0.0).trainer())
        .promptsPerStep(6).stepsPerRound(15).seed(1).outputDir(out).collapseGuard(CollapseGuard.off());
  }

  @Test
  void rewardRisesAndEveryRoundIsCheckpointed(@TempDir Path out) throws IOException {
    try (DecoderPolicy policy = policy(1)) {
      TuneResult r = Tao.tune(request(policy, LETTER_A, out).rounds(2).build());
      assertThat(r.steps()).hasSize(30);
      double first = r.steps().subList(0, 3).stream().mapToDouble(m -> m.get("reward_mean")).average().orElseThrow();
      double last = r.steps().subList(27, 30).stream().mapToDouble(m -> m.get("reward_mean")).average().orElseThrow();
      assertThat(last).as("reward %s → %s", first, last).isGreaterThan(first + 0.2);
      assertThat(r.checkpoints()).containsExactly(out.resolve("round-0"), out.resolve("round-1"));
      assertThat(out.resolve("round-1/model.safetensors")).exists();
      assertThat(Files.readAllLines(out.resolve("metrics.jsonl")))
          .filteredOn(l -> l.contains("\"event\":\"step\"")).hasSize(30)
          .allMatch(l -> l.contains("reward_mean") && l.contains("advantage_zero_fraction")
              && l.contains("answer_diversity") && l.contains("tokens_per_s"))
          .anyMatch(l -> l.contains("\"kl\"") && l.contains("entropy") && l.contains("clip_fraction"));
    }
  }

  @Test
  void aThrowingScorerIsNamedAndEarlierOutputStays(@TempDir Path out) throws IOException {
    Scorer flaky = new Scorer() {
      int calls;

      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        if (++calls > 6 * 15) { // fails in round 2
          throw new IllegalStateException("database went away");
        }
        return LETTER_A.score(group);
      }
    };
    try (DecoderPolicy policy = policy(2)) {
      assertThatThrownBy(() -> Tao.tune(request(policy, flaky, out).rounds(2).build()))
          .isInstanceOf(ScoringException.class).hasMessageContaining("flaky").hasMessageContaining("database went away");
      assertThat(out.resolve("round-0/model.safetensors")).exists();
      List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
      assertThat(lines).filteredOn(l -> l.contains("\"event\":\"step\"")).hasSize(15);
      assertThat(lines.get(lines.size() - 1)).contains("warning").contains("flaky");
    }
  }

  @Test
  void emptyPromptSetIsNamed(@TempDir Path out) {
    PromptSource empty = round -> List.of();
    try (DecoderPolicy policy = policy(3)) {
      assertThatThrownBy(() -> Tao.tune(request(policy, LETTER_A, out).prompts(empty).build()))
          .isInstanceOf(DataInputException.class).hasMessageContaining("no prompts");
    }
  }

  @Test
  void collapseGuardStopsARoundAndRestoresItsStart(@TempDir Path out) {
    // A KL budget that any update exceeds: the round stops after its first step and rolls back.
    try (DecoderPolicy policy = policy(4)) {
      float[] before = policy.model().weights().get("model.norm.weight").toFloatArray();
      TuneResult r = Tao.tune(request(policy, LETTER_A, out)
          .trainer(Trainers.grpo().learningRate(3e-2).klCoefficient(0.01).trainer())
          .collapseGuard(new CollapseGuard(1e-12, 4, 1, 1, 0)).build());
      assertThat(r.collapseStops()).hasSize(1).first().asString().contains("KL");
      // KL is measured before each update, so the first step (policy == reference) shows 0; the second trips.
      assertThat(r.steps()).hasSize(2);
      assertThat(r.steps().get(1).get("kl")).isGreaterThan(1e-12);
      assertThat(policy.model().weights().get("model.norm.weight").toFloatArray()).containsExactly(before);
    }
  }
}
