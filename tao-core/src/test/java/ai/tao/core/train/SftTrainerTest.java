package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.index.NDIndex;
import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.ScoredGroup;
import ai.tao.api.TrainingException;
import ai.tao.core.LetterTokenizer;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.policy.DecoderPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SftTrainerTest {
  static DecoderPolicy policy() {
    ModelConfig c = ModelConfig.builder().hiddenSize(16).intermediateSize(32).numLayers(1).numHeads(2)
        .vocabSize(10).maxPositions(32).build();
    return DecoderPolicy.of("toy", new CausalLm(ModelWeights.randomInit(c, TaoRuntime.newManager(), 5, 0.3)),
        new LetterTokenizer(), 64);
  }

  @Test
  void learnsAMappingAndStopsAtEos() {
    List<LabeledExample> data = List.of(new LabeledExample(Prompt.ofText("1", "ab"), "hgf"),
        new LabeledExample(Prompt.ofText("2", "cd"), "eee"));
    try (DecoderPolicy p = policy(); SftTrainer sft = new SftTrainer(p, 3e-2, 1.0, 8)) {
      double before = sft.evaluate(data);
      for (int i = 0; i < 150; i++) {
        sft.step(data);
      }
      assertThat(sft.evaluate(data)).isLessThan(before / 10);
      List<List<Completion>> out = p.sample(List.of(data.get(0).prompt(), data.get(1).prompt()),
          SamplingParams.builder().temperature(0).maxNewTokens(8).build());
      assertThat(out.get(0).get(0).text()).isEqualTo("hgf");
      assertThat(out.get(0).get(0).finishReason()).isEqualTo(FinishReason.EOS);
      assertThat(out.get(1).get(0).text()).isEqualTo("eee");
    }
  }

  @Test
  void nanLossStopsGrpoBeforeTheWeightsChange() {
    try (DecoderPolicy p = policy(); GrpoTrainer grpo = Trainers.grpo().klCoefficient(0).trainer()) {
      Prompt prompt = Prompt.ofText("1", "ab");
      CandidateGroup g = new CandidateGroup(prompt, List.of(
          new Completion("c", new int[] {2}, new float[] {-1f}, FinishReason.LENGTH),
          new Completion("d", new int[] {3}, new float[] {-1f}, FinishReason.LENGTH)));
      ScoredGroup sg = new ScoredGroup(g, List.of(Score.of(1), Score.of(0)));
      var norm = p.model().weights().get("model.norm.weight");
      norm.set(new NDIndex("0"), Float.NaN);
      float[] embedBefore = p.model().weights().get("model.embed_tokens.weight").toFloatArray();
      assertThatThrownBy(() -> grpo.step(p, List.of(sg))).isInstanceOf(TrainingException.class)
          .hasMessageContaining("NaN").hasMessageContaining("weights left as they were");
      assertThat(p.model().weights().get("model.embed_tokens.weight").toFloatArray()).containsExactly(embedBefore);
    }
  }

  @Test
  void unanimousBatchIsSkippedAndCounted() {
    try (DecoderPolicy p = policy(); GrpoTrainer grpo = Trainers.grpo().trainer()) {
      CandidateGroup g = new CandidateGroup(Prompt.ofText("1", "ab"), List.of(
          new Completion("c", new int[] {2}, new float[] {-1f}, FinishReason.LENGTH),
          new Completion("d", new int[] {3}, new float[] {-1f}, FinishReason.LENGTH)));
      var r = grpo.step(p, List.of(new ScoredGroup(g, List.of(Score.of(0.5), Score.of(0.5)))));
      assertThat(r.skipped()).isTrue();
      assertThat(r.skipReason()).contains("advantages are zero");
      assertThat(grpo.skippedSteps()).isEqualTo(1);
    }
  }
}
