package ai.tao.benchmarks.docqa;

import static org.assertj.core.api.Assertions.assertThat;

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

    try (Scorer both = DocQaScorers.GROUNDING_MAJORITY.create(); Scorer majority = DocQaScorers.MAJORITY.create()) {
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
}
