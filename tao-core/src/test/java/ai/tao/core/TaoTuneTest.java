package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.CollapseStop;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScoredRollout;
import ai.tao.api.ScoringException;
import ai.tao.api.ScoringGenerator;
import ai.tao.api.StepMetrics;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop on a toy task: reward = share of the letter 'a' in the completion. */
class TaoTuneTest {
  /** A collapse-guard threshold no signal reaches: these tests watch the KL budget alone. */
  static final double INF = Double.POSITIVE_INFINITY;

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

  static TuneRequest.Builder request(Policy policy, ai.tao.api.Trainer trainer, Scorer scorer, Path out) {
    return TuneRequest.builder().policy(policy).prompts(prompts())
        .generator(Generators.sampling().candidatesPerPrompt(8).temperature(1.0).maxNewTokens(6).build())
        .scorer(scorer).trainer(trainer)
        .promptsPerStep(6).stepsPerRound(15).seed(1).outputDir(out).collapseGuard(CollapseGuard.off());
  }

  static GrpoTrainer grpo(DecoderPolicy p, double kl) {
    return Trainers.grpo().learningRate(3e-2).klCoefficient(kl).trainer(p);
  }

  static double meanReward(List<StepMetrics> steps) {
    return steps.stream().mapToDouble(m -> m.rewardMean().orElseThrow()).average().orElseThrow();
  }

  @Test
  void rewardRisesAndEveryRoundIsCheckpointedAndLogged(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    try (DecoderPolicy policy = policy(1); GrpoTrainer trainer = grpo(policy, 0)) {
      TuneResult r = Tao.tune(request(policy, trainer, LETTER_A, out).rounds(2).build());
      assertThat(r.steps()).hasSize(30);
      assertThat(r.end()).isEqualTo(TuneResult.End.COMPLETED);
      double first = meanReward(r.steps().subList(0, 3));
      double last = meanReward(r.steps().subList(27, 30));
      assertThat(last).as("reward %s → %s", first, last).isGreaterThan(first + 0.2);
      assertThat(r.checkpoints()).containsExactly(out.resolve("round-0"), out.resolve("round-1"));
      assertThat(out.resolve("round-1/model.safetensors")).exists();
      List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
      assertThat(lines.get(0)).contains("\"event\":\"run\"").contains("\"generator\":{\"candidatesPerPrompt\":8")
          .contains("\"temperature\":1.0").contains("\"trainerSettings\":{\"learningRate\":0.03")
          .contains("\"scorer\":\"share-of-a\"").contains("\"collapseGuard\":{");
      assertThat(lines).filteredOn(l -> l.contains("\"event\":\"step\"")).hasSize(30)
          .allMatch(l -> l.contains("reward_mean") && l.contains("advantage_zero_fraction")
              && l.contains("answer_diversity") && l.contains("tokens_per_s") && l.contains("truncated_fraction"))
          .anyMatch(l -> l.contains("entropy") && l.contains("clip_fraction"));
    }
  }

  /** A generator that scores where it samples: in process here, with the scorer it is given. */
  static ScoringGenerator scoringHere(Scorer scorer, int[] calls) {
    ai.tao.core.generate.SamplingGenerator sampling = Generators.sampling().candidatesPerPrompt(8).temperature(1.0)
        .maxNewTokens(6).build();
    return new ScoringGenerator() {
      @Override
      public List<ScoredRollout> generateScored(Policy policy, List<Prompt> prompts, long seed) {
        calls[0]++;
        return sampling.generate(policy, prompts, seed).stream().map(r -> Scoring.score(scorer, r)).toList();
      }

      @Override
      public String scorerName() {
        return scorer.name();
      }
    };
  }

  @Test
  void aGeneratorThatScoresWhereItSamplesIsNotScoredAgainAndMatchesTheTwoStageRun() {
    Scorer neverCalled = new Scorer() {
      @Override
      public String name() {
        return LETTER_A.name();
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        throw new AssertionError("the loop scored rollouts its generator had scored");
      }
    };
    TuneResult twoStage;
    try (DecoderPolicy policy = policy(8); GrpoTrainer trainer = grpo(policy, 0)) {
      twoStage = Tao.tune(request(policy, trainer, LETTER_A, null).stepsPerRound(3).build());
    }
    int[] calls = {0};
    try (DecoderPolicy policy = policy(8); GrpoTrainer trainer = grpo(policy, 0)) {
      TuneResult oneCall = Tao.tune(request(policy, trainer, neverCalled, null).generator(scoringHere(LETTER_A, calls))
          .stepsPerRound(3).build());
      assertThat(calls[0]).isEqualTo(3);
      assertThat(oneCall.steps()).extracting(StepMetrics::rewardMean)
          .containsExactlyElementsOf(twoStage.steps().stream().map(StepMetrics::rewardMean).toList());
    }
    try (DecoderPolicy policy = policy(8); GrpoTrainer trainer = grpo(policy, 0)) {
      Scorer other = new Scorer() {
        @Override
        public String name() {
          return "another";
        }

        @Override
        public List<Score> score(CandidateGroup group) {
          return List.of();
        }
      };
      assertThatThrownBy(() -> request(policy, trainer, other, null).generator(scoringHere(LETTER_A, calls)).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("with scorer 'share-of-a', but the request's scorer is 'another'");
    }
  }

  @Test
  void beforeEachUpdateButTheRoundsLastTheGeneratorHearsTheNextStepsPromptsAndSeed() {
    List<String> calls = new ArrayList<>();
    ai.tao.core.generate.SamplingGenerator sampling = Generators.sampling().candidatesPerPrompt(8).temperature(1.0)
        .maxNewTokens(6).build();
    ai.tao.api.Generator recording = new ai.tao.api.Generator() {
      @Override
      public List<Rollout> generate(Policy policy, List<Prompt> prompts, long seed) {
        calls.add("generate " + prompts.stream().map(Prompt::id).toList() + " " + seed);
        return sampling.generate(policy, prompts, seed);
      }

      @Override
      public void prefetch(Policy policy, List<Prompt> prompts, long seed) {
        calls.add("prefetch " + prompts.stream().map(Prompt::id).toList() + " " + seed);
      }
    };
    try (DecoderPolicy policy = policy(9); GrpoTrainer trainer = grpo(policy, 0)) {
      Tao.tune(request(policy, trainer, LETTER_A, null).generator(recording).promptsPerStep(2).stepsPerRound(3)
          .rounds(2).build());
    }
    assertThat(calls).hasSize(10); // per round: 3 generate calls, 2 prefetches
    for (int round = 0; round < 2; round++) {
      List<String> r = calls.subList(round * 5, round * 5 + 5);
      assertThat(r.get(0)).startsWith("generate ");
      for (int i = 1; i < 5; i += 2) {
        assertThat(r.get(i)).startsWith("prefetch ");
        assertThat(r.get(i).substring("prefetch ".length())).isEqualTo(r.get(i + 1).substring("generate ".length()));
      }
    }
  }

  @Test
  void everyCandidateHittingMaxNewTokensIsReportedAsTruncated(@TempDir Path tmp) {
    try (DecoderPolicy policy = policy(5); GrpoTrainer trainer = grpo(policy, 0)) {
      // Two tokens are too few for this model to stop: most candidates are cut off.
      TuneResult r = Tao.tune(request(policy, trainer, LETTER_A, null)
          .generator(Generators.sampling().candidatesPerPrompt(4).maxNewTokens(2).build()).stepsPerRound(2).build());
      for (StepMetrics m : r.steps()) {
        assertThat(m.truncatedFraction()).isGreaterThan(0.5);
      }
    }
  }

  @Test
  void aReusedOutputFolderIsRefusedAndTheOldRunStays(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    try (DecoderPolicy policy = policy(6); GrpoTrainer trainer = grpo(policy, 0)) {
      Tao.tune(request(policy, trainer, LETTER_A, out).stepsPerRound(1).build());
      List<String> before = Files.readAllLines(out.resolve("metrics.jsonl"));
      assertThatThrownBy(() -> Tao.tune(request(policy, trainer, LETTER_A, out).stepsPerRound(1).build()))
          .isInstanceOf(OutputException.class).hasMessageContaining(out.toString()).hasMessageContaining("metrics.jsonl")
          .hasMessageContaining("choose a new folder");
      assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).isEqualTo(before);
    }
  }

  @Test
  void aThrowingScorerIsNamedAndEarlierOutputStays(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
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
    try (DecoderPolicy policy = policy(2); GrpoTrainer trainer = grpo(policy, 0)) {
      assertThatThrownBy(() -> Tao.tune(request(policy, trainer, flaky, out).rounds(2).build()))
          .isInstanceOf(ScoringException.class).hasMessageContaining("flaky").hasMessageContaining("database went away");
      assertThat(out.resolve("round-0/model.safetensors")).exists();
      List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
      assertThat(lines).filteredOn(l -> l.contains("\"event\":\"step\"")).hasSize(15);
      assertThat(lines.get(lines.size() - 1)).contains("warning").contains("flaky");
    }
  }

  @Test
  void emptyPromptSetIsNamed() {
    PromptSource empty = round -> List.of();
    try (DecoderPolicy policy = policy(3); GrpoTrainer trainer = grpo(policy, 0)) {
      assertThatThrownBy(() -> Tao.tune(request(policy, trainer, LETTER_A, null).prompts(empty).build()))
          .isInstanceOf(DataInputException.class).hasMessageContaining("no prompts");
    }
  }

  @Test
  void theKlBudgetReadsTheTrainersTypedKlAndRollsBackADecoderPolicy() {
    try (DecoderPolicy policy = policy(4); GrpoTrainer trainer = grpo(policy, 0.01)) {
      float[] before = policy.model().weights().get("model.norm.weight").toFloatArray();
      TuneResult r = Tao.tune(request(policy, trainer, LETTER_A, null)
          .collapseGuard(new CollapseGuard(1e-12, 1, 4, 1, 1, INF, INF, 0, true)).build());
      assertThat(r.collapseStops()).hasSize(1);
      CollapseStop stop = r.collapseStops().get(0);
      assertThat(stop.reason()).isEqualTo(CollapseStop.Reason.KL_BUDGET);
      // KL is measured before each update, so the first step (policy == reference) shows 0; the second trips.
      assertThat(stop.afterStep()).isEqualTo(2);
      assertThat(stop.restoredTo()).hasValue(0);
      assertThat(stop.message()).contains("round 1 stopped after step 2/15");
      assertThat(r.steps()).isEmpty();
      assertThat(r.rolledBack()).hasSize(2);
      assertThat(r.rolledBack().get(1).train().kl().orElseThrow()).isGreaterThan(1e-12);
      assertThat(policy.model().weights().get("model.norm.weight").toFloatArray()).containsExactly(before);
    }
  }

  @Test
  void theRollbackWorksForATrainablePolicyThatIsNotADecoder() {
    UnigramPolicy policy = new UnigramPolicy(4);
    UnigramTrainer trainer = new UnigramTrainer(policy, 5.0);
    double[] start = UnigramPolicyAccess.logits(policy);
    TuneResult r = Tao.tune(request(policy, trainer, LETTER_A, null).stepsPerRound(30)
        .collapseGuard(new CollapseGuard(0.05, 2, 4, 1, 1, INF, INF, 0, true)).build());
    assertThat(r.collapseStops()).hasSize(1);
    assertThat(r.collapseStops().get(0).restoredTo()).hasValue(0);
    assertThat(r.rolledBack()).isNotEmpty();
    assertThat(r.rolledBack().get(r.rolledBack().size() - 1).train().kl().orElseThrow()).isGreaterThan(0.05);
    assertThat(UnigramPolicyAccess.logits(policy)).containsExactly(start);
    assertThat(trainer.rollbacks).as("the trainer is told, to drop its optimizer state").isEqualTo(1);
  }

  @Test
  void theRollbackRestoresTheNewestHealthySnapshotOfANonDecoderPolicy() {
    UnigramPolicy policy = new UnigramPolicy(4);
    UnigramTrainer trainer = new UnigramTrainer(policy, 0.2);
    List<double[]> afterStep = new ArrayList<>();
    TuneResult r = Tao.tune(request(policy, trainer, LETTER_A, null).stepsPerRound(60)
        .listener(ai.tao.api.TaoListener.of(e -> {
          if (e instanceof ai.tao.api.TaoEvent.StepCompleted) {
            afterStep.add(UnigramPolicyAccess.logits(policy));
          }
        }))
        .collapseGuard(new CollapseGuard(0.01, 1, 2, 1, 1, INF, INF, 4, true)).build());
    CollapseStop stop = r.collapseStops().get(0);
    int at = stop.restoredTo().orElseThrow();
    assertThat(at).isPositive();
    assertThat(UnigramPolicyAccess.logits(policy)).containsExactly(afterStep.get(at - 1));
    assertThat(r.steps()).hasSize(at);
  }

  @Test
  void buildRefusesPartsThatDoNotFit() {
    try (DecoderPolicy a = policy(7); DecoderPolicy b = policy(8); GrpoTrainer forA = grpo(a, 0.05);
        GrpoTrainer noKl = grpo(a, 0)) {
      assertThatThrownBy(() -> request(b, forA, LETTER_A, null).build()).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("built for policy 'toy'");
      assertThatThrownBy(() -> request(a, noKl, LETTER_A, null).collapseGuard(CollapseGuard.defaults()).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("reports no KL")
          .hasMessageContaining("withoutKlBudget");
      assertThat(request(a, noKl, LETTER_A, null).collapseGuard(CollapseGuard.defaults().withoutKlBudget()).build())
          .isNotNull();
    }
    Policy remote = new Policy() {
      @Override
      public String name() {
        return "remote";
      }

      @Override
      public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void save(Path dir) {}

      @Override
      public void close() {}
    };
    ai.tao.api.Trainer remoteTrainer = new ai.tao.api.Trainer() {
      @Override
      public String name() {
        return "remote-trainer";
      }

      @Override
      public Policy policy() {
        return remote;
      }

      @Override
      public ai.tao.api.TrainStepResult step(List<ai.tao.api.ScoredRollout> batch) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean reportsKl() {
        return true;
      }

      @Override
      public void close() {}
    };
    assertThatThrownBy(() -> request(remote, remoteTrainer, LETTER_A, null).collapseGuard(CollapseGuard.defaults())
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("not a TrainablePolicy")
        .hasMessageContaining("withoutRollback");
    assertThat(request(remote, remoteTrainer, LETTER_A, null).collapseGuard(CollapseGuard.defaults().withoutRollback())
        .build()).isNotNull();
  }

  @Test
  void aStopHookAndATimeBudgetEndTheRunAfterTheCurrentStep(@TempDir Path tmp) {
    try (DecoderPolicy policy = policy(9); GrpoTrainer trainer = grpo(policy, 0)) {
      AtomicInteger polls = new AtomicInteger();
      TuneResult r = Tao.tune(request(policy, trainer, LETTER_A, tmp.resolve("stop")).rounds(3)
          .stopWhen(() -> polls.incrementAndGet() >= 4).build());
      assertThat(r.end()).isEqualTo(TuneResult.End.STOP_REQUESTED);
      assertThat(r.steps()).hasSize(4);
      assertThat(r.checkpoints()).hasSize(1); // the partly run round is saved
      TuneResult t = Tao.tune(request(policy, trainer, LETTER_A, null).rounds(3).maxDuration(Duration.ofNanos(1))
          .build());
      assertThat(t.end()).isEqualTo(TuneResult.End.TIME_BUDGET);
      assertThat(t.steps()).hasSize(1);
      // a run whose last step is done ends complete, however late
      TuneResult done = Tao.tune(request(policy, trainer, LETTER_A, null).stepsPerRound(1)
          .maxDuration(Duration.ofNanos(1)).build());
      assertThat(done.end()).isEqualTo(TuneResult.End.COMPLETED);
    }
  }
}
