package ai.tao.core.train;

import static ai.tao.core.TestRollouts.completion;
import static ai.tao.core.TestRollouts.rollout;
import static ai.tao.core.TestRollouts.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.index.NDIndex;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.TrainStepResult;
import ai.tao.api.TrainingException;
import ai.tao.core.generate.Generators;
import ai.tao.core.generate.PromptTemplate;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpoTrainerTest {
  static DecoderPolicy bytePolicy(long seed) {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4)
        .numKvHeads(2).maxPositions(256).build();
    return DecoderPolicy.fresh("bytes", c, tok, seed);
  }

  /** Distinct scores for distinct candidates, so every advantage is non-zero. */
  static List<ScoredRollout> scoreByLength(List<Rollout> rollouts) {
    List<ScoredRollout> out = new ArrayList<>();
    for (Rollout r : rollouts) {
      List<Score> s = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        s.add(Score.of(i + 0.1 * r.completion(i).text().length()));
      }
      out.add(new ScoredRollout(r, s));
    }
    return out;
  }

  static List<Rollout> sample(DecoderPolicy p, PromptTemplate template, double temperature, int topK) {
    return Generators.sampling().candidatesPerPrompt(4).temperature(temperature).topK(topK).maxNewTokens(6)
        .template(template).build()
        .generate(p, List.of(Prompt.ofText("q1", "how many rows?"), Prompt.ofText("q2", "list names")), 3);
  }

  @Test
  void aTemplatedRolloutIsTrainedOnTheTokensItWasSampledFrom() {
    try (DecoderPolicy p = bytePolicy(1);
        GrpoTrainer grpo = Trainers.grpo().learningRate(1e-3).klCoefficient(0).trainer(p)) {
      List<Rollout> rollouts = sample(p, PromptTemplate.chainOfThought(), 1.0, 0);
      assertThat(rollouts.get(0).prompt().text()).isEqualTo("how many rows?"); // scorers see the original
      assertThat(p.tokenizer().decode(rollouts.get(0).promptTokenIds(), true)).endsWith("on the last line.");
      TrainStepResult r = grpo.step(scoreByLength(rollouts));
      assertThat(r.skipped()).isFalse();
      assertThat(r.clipFraction()).hasValue(0.0);
      assertThat(r.extras().get("first_epoch_ratio_deviation")).isLessThan(1e-5);
    }
  }

  @Test
  void theTemperatureAndTopKOfTheRolloutAreTheTrainers() {
    try (DecoderPolicy p = bytePolicy(2);
        GrpoTrainer grpo = Trainers.grpo().learningRate(1e-3).klCoefficient(0.05).trainer(p)) {
      TrainStepResult r = grpo.step(scoreByLength(sample(p, PromptTemplate.identity(), 1.7, 5)));
      assertThat(r.clipFraction()).hasValue(0.0);
      assertThat(r.extras().get("first_epoch_ratio_deviation")).isLessThan(1e-5);
      assertThat(r.kl()).isPresent();
    }
  }

  @Test
  void theFrozenReferenceRunsOncePerMicroBatchWhateverTheEpochs() {
    try (DecoderPolicy p = bytePolicy(4); DecoderPolicy q = bytePolicy(4);
        GrpoTrainer threeEpochs = Trainers.grpo().learningRate(1e-2).klCoefficient(0.1).epochsPerBatch(3)
            .microBatchSequences(3).trainer(p);
        GrpoTrainer oneEpoch = Trainers.grpo().learningRate(1e-2).klCoefficient(0.1).microBatchSequences(3)
            .trainer(q)) {
      List<ScoredRollout> batch = scoreByLength(sample(p, PromptTemplate.identity(), 1.0, 0)); // 8 sequences
      TrainStepResult r = threeEpochs.step(batch);
      assertThat(threeEpochs.referencePasses()).as("3 micro-batches, once each").isEqualTo(3);
      threeEpochs.step(batch);
      assertThat(threeEpochs.referencePasses()).isEqualTo(6);
      // Epochs 2 and 3 reuse epoch 1's reference log-probs; the policy has moved by then, so the KL they
      // see is positive. The first epoch alone (same weights, same batch) sees a KL of exactly 0.
      TrainStepResult first = oneEpoch.step(batch);
      assertThat(first.kl()).hasValue(0.0);
      assertThat(r.kl().orElseThrow()).isGreaterThan(0.0).isFinite();
    }
  }

  @Test
  void trainingOnTheOriginalPromptIsAnExplicitOffPolicyOptionThatStartsAtRatioOne() {
    try (DecoderPolicy p = bytePolicy(3); DecoderPolicy q = bytePolicy(3);
        GrpoTrainer asSampled = Trainers.grpo().learningRate(1e-2).klCoefficient(0).trainer(p);
        GrpoTrainer distil = Trainers.grpo().learningRate(1e-2).klCoefficient(0)
            .trainOn(TrainingPrompt.ORIGINAL_PROMPT).trainer(q)) {
      List<ScoredRollout> batch = scoreByLength(sample(p, PromptTemplate.chainOfThought(), 1.0, 0));
      asSampled.step(batch);
      TrainStepResult r = distil.step(batch);
      assertThat(r.extras().get("first_epoch_ratio_deviation")).isLessThan(1e-5);
      assertThat(q.model().weights().get("model.embed_tokens.weight").toFloatArray())
          .isNotEqualTo(p.model().weights().get("model.embed_tokens.weight").toFloatArray());
      assertThat(distil.settings()).containsEntry("trainOn", "ORIGINAL_PROMPT");
    }
  }

  @Test
  void notApplicableCandidatesGetNoAdvantageAndDoNotCountInTheGroup() {
    try (DecoderPolicy p = SftTrainerTest.policy();
        GrpoTrainer grpo = Trainers.grpo().learningRate(1e-2).klCoefficient(0).trainer(p)) {
      Rollout r = rollout("1", "ab", new int[] {8, 0, 1}, 1.0, completion(FinishReason.EOS, 2, 9),
          completion(FinishReason.EOS, 3, 9), completion(FinishReason.EOS, 4, 9));
      // One judged candidate and two not applicable: no preference, so nothing to learn.
      ScoredRollout oneJudged = new ScoredRollout(r, List.of(Score.of(1), Score.notApplicable("prose"),
          Score.notApplicable("prose")));
      TrainStepResult skipped = grpo.step(List.of(oneJudged));
      assertThat(skipped.skip()).get().extracting(TrainStepResult.Skip::reason)
          .isEqualTo(TrainStepResult.SkipReason.NO_SIGNAL);
      // Two judged: the third, not applicable, is trained with advantage 0.
      ScoredRollout twoJudged = new ScoredRollout(r, List.of(Score.of(1), Score.of(0), Score.notApplicable("prose")));
      TrainStepResult ran = grpo.step(List.of(twoJudged));
      assertThat(ran.extras().get("advantage_zero_fraction")).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void maskTruncatedLeavesTruncatedCandidatesOutOfTheLoss() {
    Rollout r = rollout("1", "ab", new int[] {8, 0, 1}, 1.0, completion(FinishReason.EOS, 2, 9),
        completion(FinishReason.LENGTH, 3, 3, 3), completion(FinishReason.EOS, 4, 9));
    for (boolean mask : new boolean[] {false, true}) {
      try (DecoderPolicy p = SftTrainerTest.policy();
          GrpoTrainer grpo = Trainers.grpo().learningRate(1e-2).klCoefficient(0).maskTruncated(mask).trainer(p)) {
        TrainStepResult res = grpo.step(List.of(scored(r, 1, 0, 0.5)));
        assertThat(res.sequences()).isEqualTo(mask ? 2 : 3);
        assertThat(res.extras().get("truncated_masked")).isEqualTo(mask ? 1.0 : 0.0);
      }
    }
  }

  @Test
  void unanimousBatchIsSkippedAndSaysWhy() {
    try (DecoderPolicy p = SftTrainerTest.policy(); GrpoTrainer grpo = Trainers.grpo().trainer(p)) {
      Rollout r = rollout("1", "ab", new int[] {8, 0, 1}, 1.0, completion(FinishReason.LENGTH, 2),
          completion(FinishReason.LENGTH, 3));
      TrainStepResult res = grpo.step(List.of(scored(r, 0.5, 0.5)));
      assertThat(res.skipped()).isTrue();
      assertThat(res.skip().orElseThrow().message()).contains("advantages are zero");
      assertThat(grpo.skippedSteps()).isEqualTo(1);
    }
  }

  @Test
  void nanLossStopsGrpoBeforeTheUpdateAndSaysSoTruthfully() {
    try (DecoderPolicy p = SftTrainerTest.policy(); GrpoTrainer grpo = Trainers.grpo().klCoefficient(0).trainer(p)) {
      Rollout r = rollout("1", "ab", new int[] {8, 0, 1}, 1.0, completion(FinishReason.LENGTH, 2),
          completion(FinishReason.LENGTH, 3));
      p.model().weights().get("model.norm.weight").set(new NDIndex("0"), Float.NaN);
      float[] embedBefore = p.model().weights().get("model.embed_tokens.weight").toFloatArray();
      assertThatThrownBy(() -> grpo.step(List.of(scored(r, 1, 0)))).isInstanceOf(TrainingException.class)
          .hasMessageContaining("NaN").hasMessageContaining("this step made no update");
      assertThat(p.model().weights().get("model.embed_tokens.weight").toFloatArray()).containsExactly(embedBefore);
    }
  }
}
