package ai.tao.benchmarks.docqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.LabelAudit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DocQA demo's rewards and its label audit, without a model. */
class DocQaDemoTest {
  private static final DocQaDataset DATA =
      DocQaDataset.builder().seed(3).docTrain(30).docExtra(30).prodTrain(20).prodHeldout(10).build();

  private static Completion completion(String text) {
    return new Completion(text, text.chars().toArray(), new float[text.length()], FinishReason.EOS);
  }

  @Test
  void theAuditCatchesAnAnswerAttachedToAPromptButNotThePromptsTaoGets() {
    LabelAudit audit = new LabelAudit(DocQaDemo.labels(DATA));
    DocQaTask t = DATA.prodTrain().get(0);

    assertThat(audit.carriesLabel(Prompt.ofText(t.id(), t.prompt() + t.workedAnswer() + "\n"))).isTrue();
    assertThat(DATA.prodTrainPrompts()).noneMatch(audit::carriesLabel);
  }

  @Test
  void groundingThenMajorityPaysOnlyTheGroundedPlurality() {
    DocQaTask t = DATA.prodTrain().stream().filter(x -> x.kind() == QuestionKind.DIFFERENCE).findFirst().orElseThrow();
    String right = t.workedAnswer();
    String invented = "revenue 999 - cost of goods sold 1 = 998";
    CandidateGroup g = new CandidateGroup(DocQaDataset.prompts(List.of(t)).get(0),
        List.of(completion(invented), completion(invented), completion(invented), completion(right),
            completion(right)));

    try (Scorer both = DocQaScorers.GROUNDING_MAJORITY.create(null);
        Scorer majority = DocQaScorers.MAJORITY.create(null)) {
      assertThat(both.score(g).stream().map(Score::value).toList()).containsExactly(0.0, 0.0, 0.0, 1.0, 1.0);
      assertThat(majority.score(g).stream().map(Score::value).toList()).containsExactly(1.0, 1.0, 1.0, 0.0, 0.0);
    }
  }

  @Test
  void aScorerByNameIsAVariantOfItsOwn() {
    DemoOptions o = DemoOptions.parse(new String[] {"--scorer", "number-grounding", "--scorer-opt",
        "requireNumber=false", "--base-only"});

    assertThat(o.baseOnly).isTrue();
    try (Scorer s = DocQaScorers.named(o.scorer, o.scorerOptions)) {
      assertThat(s.name()).isEqualTo("number-grounding");
    }
  }

  @Test
  void theVariantsAreTheFourLabelFreeRewardsUnlessNamed() {
    assertThat(DocQaDemo.variants(DemoOptions.parse(new String[0])))
        .containsExactly("majority", "reward_model", "grounding_majority", "rm_majority");
    assertThat(DocQaDemo.variants(DemoOptions.parse(new String[] {"--variants", "rm_majority,majority"})))
        .containsExactly("rm_majority", "majority");
    assertThatThrownBy(() -> DocQaDemo.variants(DemoOptions.parse(new String[] {"--variants", "rm"})))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("reward_model");
    assertThatThrownBy(() -> DocQaScorers.REWARD_MODEL.create(null)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--rm DIR");
  }

  /** The reward model's pipeline on a tiny model: pairs from documentation labels, a saved model, its variants. */
  @Test
  void theRewardModelIsTrainedOnDocumentationPairsAndScoresAsTwoVariants(@TempDir Path dir) {
    ModelConfig c = ModelConfig.builder().tokenizer(ByteTokenizer.create()).hiddenSize(16).intermediateSize(32)
        .numLayers(1).numHeads(2).numKvHeads(1).maxPositions(256).rmsNormEps(1e-5).tieWordEmbeddings(true).build();
    DemoOptions opt = DemoOptions.parse(new String[] {"--candidates", "2"});
    DocQaRewardModel.Trained rm;
    try (DecoderPolicy p = DecoderPolicy.fresh("tiny", c, ByteTokenizer.create(), 1)) {
      p.save(dir.resolve("base"));
      rm = DocQaRewardModel.train(DATA, p, dir.resolve("base"), opt, dir.resolve("rm"));
    }
    assertThat(rm.trainPairs()).isPositive();
    assertThat(rm.docHeldOut().pairs()).isPositive();
    assertThat(rm.prodPairs().pairs()).isPositive();
    assertThat(dir.resolve("rm/config.json")).content().contains("LlamaForSequenceClassification");
    assertThat(ai.tao.core.reward.PreferencePairs.read(dir.resolve("rm/train-pairs.jsonl")))
        .hasSize(rm.trainPairs())
        .allSatisfy(pair -> assertThat(DATA.docTrain().stream().anyMatch(t -> t.prompt().equals(pair.prompt())))
            .as("trained on documentation questions only").isTrue());
    DocQaTask t = DATA.prodTrain().get(0);
    CandidateGroup g = new CandidateGroup(DocQaDataset.prompts(List.of(t)).get(0),
        List.of(completion(t.workedAnswer()), completion("cash 1"), completion(t.workedAnswer())));
    try (Scorer alone = DocQaScorers.REWARD_MODEL.create(rm.dir());
        Scorer withMajority = DocQaScorers.RM_MAJORITY.create(rm.dir())) {
      assertThat(alone.score(g)).allMatch(Score::applicable);
      assertThat(withMajority.score(g).get(0).components()).containsKeys("rm", "majority");
    }
  }
}
