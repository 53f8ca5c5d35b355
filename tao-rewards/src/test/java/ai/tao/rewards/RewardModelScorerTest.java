package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.reward.PreferencePair;
import ai.tao.core.reward.RewardModel;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.Trainers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardModelScorerTest extends ScorerContract {
  @TempDir static Path tmp;
  static Path rmDir;

  /** A tiny byte-level reward model, one training step away from its initial head, saved once. */
  @BeforeAll
  static void saveRewardModel() {
    ModelConfig c = ModelConfig.builder().tokenizer(ByteTokenizer.create()).hiddenSize(16).intermediateSize(32)
        .numLayers(1).numHeads(2).numKvHeads(1).maxPositions(64).rmsNormEps(1e-5).tieWordEmbeddings(true).build();
    try (DecoderPolicy p = DecoderPolicy.fresh("tiny", c, ByteTokenizer.create(), 3)) {
      p.save(tmp.resolve("policy"));
    }
    try (RewardModel rm = RewardModel.fromPolicy(tmp.resolve("policy"), 1);
        var t = Trainers.rewardModel().learningRate(1e-2).trainer(rm)) {
      t.step(List.of(PreferencePair.of("q:", "good.", "bad!"), PreferencePair.of("r:", "fine.", "no!")));
      rmDir = tmp.resolve("rm");
      rm.save(rmDir);
    }
  }

  @Override
  protected Scorer scorer() {
    return Scorers.rewardModel().path(rmDir).build();
  }

  @Test
  void rawValuesAreTheModelsRewards() {
    CandidateGroup g = group("p", "What is 2+2?", "4", "four.", "5!");
    try (RewardModelScorer s = Scorers.rewardModel().path(rmDir).build(); RewardModel rm = RewardModel.load(rmDir)) {
      double[] expected = rm.rewards(g.prompt(), List.of("4", "four.", "5!"));
      List<Score> scores = s.score(g);
      for (int i = 0; i < 3; i++) {
        assertThat(scores.get(i).value()).isEqualTo(expected[i]);
        assertThat(scores.get(i).components()).containsEntry("raw", expected[i]);
      }
    }
  }

  @Test
  void groupNormalisedValuesHaveMeanZeroAndUnitSpread() {
    CandidateGroup g = group("p", "q", "a", "bb.", "ccc!", "dddd");
    try (RewardModelScorer s = Scorers.rewardModel().path(rmDir)
        .normalization(RewardModelScorer.Normalization.GROUP).build()) {
      double[] v = TestGroups.values(s.score(g));
      double mean = java.util.Arrays.stream(v).average().orElseThrow();
      double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow();
      assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(var).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
      List<Score> same = s.score(group("p", "q", "x", "x"));
      assertThat(same).allMatch(sc -> sc.value() == 0.0 && sc.applicable());
    }
  }

  @Test
  void aCandidateLongerThanTheModelReadsIsNotApplicable() {
    try (RewardModelScorer s = Scorers.rewardModel().path(rmDir).build()) {
      List<Score> scores = s.score(group("p", "q", "ok", "y".repeat(200)));
      assertThat(scores.get(0).applicable()).isTrue();
      assertThat(scores.get(1).applicable()).isFalse();
      assertThat(scores.get(1).reason()).contains("at most 64");
    }
  }

  @Test
  void madeByNameWithAPathAndANormalisation() {
    ScorerRegistry registry = ScorerRegistry.load();
    Scorer s = registry.create("reward-model", ScorerOptions.of("path", rmDir.toString(), "normalize", "group"));
    try (s) {
      assertThat(s.name()).isEqualTo("reward-model");
      assertThat(((RewardModelScorer) s).normalization()).isEqualTo(RewardModelScorer.Normalization.GROUP);
      assertThat(s.score(group("p", "q", "a", "b"))).hasSize(2);
    }
    assertThatThrownBy(() -> registry.create("reward-model", ScorerOptions.empty()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'path'");
    assertThatThrownBy(() -> registry.create("reward-model", ScorerOptions.of("path", tmp.resolve("policy").toString())))
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a reward model");
    assertThatThrownBy(() -> registry.create("reward-model", ScorerOptions.of("path", rmDir.toString(), "norm", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("norm");
  }

  @Test
  void aModelPassedInStaysTheCallersAfterClose() {
    try (RewardModel rm = RewardModel.load(rmDir)) {
      Scorers.rewardModel().model(rm).build().close();
      assertThat(rm.rewards(Prompt.ofText("p", "q"), List.of("still open"))).hasSize(1);
    }
    assertThatThrownBy(() -> Scorers.rewardModel().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("neither");
  }
}
