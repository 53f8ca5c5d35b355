package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.core.LetterTokenizer;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.policy.DecoderPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SftTrainerTest {
  static DecoderPolicy policy() {
    ModelConfig c = ModelConfig.builder().hiddenSize(16).intermediateSize(32).numLayers(1).numHeads(2)
        .vocabSize(10).maxPositions(32).build();
    return DecoderPolicy.of("toy", new CausalLm(ModelWeights.randomInit(c, TaoRuntime.newManager(), 5, 0.3)),
        new LetterTokenizer(), 64);
  }

  static final List<LabeledExample> DATA = List.of(new LabeledExample(Prompt.ofText("1", "ab"), "hgf"),
      new LabeledExample(Prompt.ofText("2", "cd"), "eee"));

  @Test
  void fitLearnsAMappingAndStopsAtEos() {
    try (DecoderPolicy p = policy();
        SftTrainer sft = Trainers.sft().learningRate(3e-2).batchSize(2).steps(150).trainer(p)) {
      double before = sft.loss(DATA);
      SftResult r = sft.fit(DATA);
      assertThat(r.steps()).isEqualTo(150);
      assertThat(sft.loss(DATA)).isLessThan(before / 10);
      List<Completion> out = new ArrayList<>();
      p.sample(List.of(DATA.get(0).prompt(), DATA.get(1).prompt()),
          SamplingParams.builder().temperature(0).maxNewTokens(8).build()).forEach(ro -> out.add(ro.completion(0)));
      assertThat(out.get(0).text()).isEqualTo("hgf");
      assertThat(out.get(0).finishReason()).isEqualTo(FinishReason.EOS);
      assertThat(out.get(1).text()).isEqualTo("eee");
    }
  }

  @Test
  void earlyStoppingEndsWithTheBestValidatedWeights() {
    // A learning rate so high that training soon makes things worse: validation must stop it and go back.
    try (DecoderPolicy p = policy();
        SftTrainer sft = Trainers.sft().learningRate(1e-1).batchSize(2).steps(200).evalEvery(10).patience(3)
            .trainer(p)) {
      List<SftProgress> seen = new ArrayList<>();
      SftResult r = sft.fit(DATA, SftValidation.loss(DATA), seen::add);
      assertThat(r.validations()).isNotEmpty();
      double best = r.validations().stream().mapToDouble(SftResult.Validated::value).min().orElseThrow();
      assertThat(r.bestValidation()).hasValue(best);
      assertThat(sft.loss(DATA)).isEqualTo(best, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(seen).hasSize((int) r.steps());
      if (r.stoppedEarly()) {
        assertThat(r.steps()).isLessThan(200);
        assertThat(r.steps() - r.bestStep()).isEqualTo(30);
      }
    }
  }

  @Test
  void aScheduleSetsEachStepsRate() {
    try (DecoderPolicy p = policy();
        SftTrainer sft = Trainers.sft().learningRate(1e-2).schedule(LearningRateSchedule.cosine(2, 0.1)).batchSize(2)
            .steps(6).trainer(p)) {
      List<Double> rates = new ArrayList<>();
      sft.fit(DATA, null, s -> rates.add(s.learningRate()));
      assertThat(rates.get(0)).isCloseTo(5e-3, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(rates.get(1)).isCloseTo(1e-2, org.assertj.core.data.Offset.offset(1e-12));
      // cosine from 1 towards 0.1, which it would reach one step after the last
      assertThat(rates.get(5)).isCloseTo(1e-2 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.75))),
          org.assertj.core.data.Offset.offset(1e-12));
      assertThat(rates.get(3)).isBetween(1e-3, 1e-2);
    }
  }
}
