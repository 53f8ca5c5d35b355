package ai.tao.serve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.eval.Graders;
import ai.tao.core.train.LabeledExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationGateTest {
  static final List<Prompt> SHADOW = List.of(Prompt.ofText("s1", "orders per day"),
      Prompt.ofText("s2", "top customers"), Prompt.ofText("s3", "refunds in May"), Prompt.ofText("s4", "churn"));
  static final SamplingParams SAMPLING = SamplingParams.builder().temperature(0.7).candidatesPerPrompt(2).seed(42)
      .maxNewTokens(16).build();
  /** Gold answers of the canary prompts, known to the canary's Evaluation only. */
  static final Map<String, String> GOLD = Map.of("c1", "4", "c2", "6");
  static final List<LabeledExample> CANARY = List.of(new LabeledExample(Prompt.ofText("c1", "2+2="), "4"),
      new LabeledExample(Prompt.ofText("c2", "3+3="), "6"));

  /** Scores by the answer's word: good 1, ok 0.5, bad 0, prose cannot be judged; records what it saw. */
  static final class WordScorer implements Scorer {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "word";
    }

    @Override
    public List<Score> score(CandidateGroup group) {
      seen.add(group.prompt().id());
      List<Score> out = new ArrayList<>();
      for (Completion c : group.candidates()) {
        out.add(switch (c.text()) {
          case "good" -> Score.of(1.0);
          case "ok" -> Score.of(0.5);
          case "prose" -> Score.notApplicable("not a query");
          default -> Score.zero("wrong");
        });
      }
      return out;
    }
  }

  final WordScorer scorer = new WordScorer();

  EvaluationGate.Builder gate() {
    return EvaluationGate.builder().shadowPrompts(SHADOW).scorer(scorer).sampling(SAMPLING);
  }

  /** Answers {@code shadow} on the held-out prompts, and the canary right or wrong. */
  static FakePolicy policy(String name, String shadow, boolean canaryRight) {
    return new FakePolicy(name, p -> GOLD.containsKey(p.id()) ? (canaryRight ? GOLD.get(p.id()) : "5") : shadow);
  }

  /** A registry whose current version, v0001, is {@code current}. */
  static ModelRegistry servingAsV0001(Path dir, FakePolicy current) {
    ModelRegistry registry = ModelRegistry.open(dir);
    registry.promote(registry.register(current, Registration.builder().build()).id());
    return registry;
  }

  @Test
  void aWorseCandidateIsRefusedAndTheRegistryKeepsTheCurrentVersion(@TempDir Path dir) {
    FakePolicy current = policy("current", "ok", true);
    FakePolicy candidate = policy("candidate", "bad", true);
    ModelRegistry registry = servingAsV0001(dir, current);

    GateDecision d = gate().build().evaluate(candidate, current);

    assertThat(d.promote()).isFalse();
    assertThat(d.shadow().candidate().mean()).isEqualTo(0.0);
    assertThat(d.shadow().current().mean()).isEqualTo(0.5);
    assertThat(d.shadow().candidate().scored()).isEqualTo(8);
    assertThat(d.shadow().difference()).isEqualTo(-0.5);
    assertThat(d.canary()).isEmpty();
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r).startsWith("shadow: candidate mean 0.0000 vs current 0.5000")
        .contains("-0.5000, needs at least +0.0200").contains("failed"));

    // The flywheel registers every candidate for the record, and promotes only on the gate's word.
    ModelVersion v = registry.register(candidate, Registration.builder().parent("v0001").gate(d).build());
    if (d.promote()) {
      registry.promote(v.id());
    }
    assertThat(v.manifest().status()).isEqualTo(VersionStatus.REJECTED);
    assertThat(v.manifest().metrics()).containsEntry("gate.promote", 0.0).containsEntry("shadow.candidate_mean", 0.0);
    assertThatThrownBy(() -> registry.promote(v.id())).isInstanceOf(ConfigurationException.class);
    assertThat(ModelRegistry.open(dir).current()).map(ModelVersion::id).hasValue("v0001");
  }

  @Test
  void aBetterCandidatePassesAndIsPromoted(@TempDir Path dir) {
    FakePolicy current = policy("current", "ok", true);
    FakePolicy candidate = policy("candidate", "good", true);
    ModelRegistry registry = servingAsV0001(dir, current);

    GateDecision d = gate().build().evaluate(candidate, current);

    assertThat(d.promote()).isTrue();
    assertThat(d.reasons()).hasSize(2).allSatisfy(r -> assertThat(r).endsWith("passed"));
    assertThat(d.shadow().difference()).isEqualTo(0.5);
    assertThat(d.shadow().differenceCi95()).hasValueSatisfying(ci -> assertThat(ci.low()).isEqualTo(0.5));
    ModelVersion v = registry.register(candidate, Registration.builder().parent("v0001").gate(d).build());
    registry.promote(v.id());
    assertThat(v.manifest().status()).isEqualTo(VersionStatus.APPROVED);
    assertThat(registry.current()).map(ModelVersion::id).hasValue("v0002");
  }

  @Test
  void aTieDoesNotBeatTheMarginButPassesWithMarginZero() {
    FakePolicy current = policy("current", "ok", true);
    FakePolicy candidate = policy("candidate", "ok", true);
    assertThat(gate().build().evaluate(candidate, current).promote()).isFalse();
    assertThat(gate().margin(0).build().evaluate(candidate, current).promote()).isTrue();
  }

  @Test
  void bothPoliciesSampleTheSamePromptsWithTheSameSettingsAndSeeds() {
    FakePolicy current = policy("current", "ok", true);
    FakePolicy candidate = policy("candidate", "good", true);
    gate().promptsPerCall(3).build().evaluate(candidate, current);

    assertThat(candidate.calls).hasSize(2).isEqualTo(current.calls);
    assertThat(candidate.calls.get(0)).isEqualTo(SAMPLING);
    assertThat(candidate.calls.get(1).seed()).isNotEqualTo(SAMPLING.seed()); // each call its own stream
    assertThat(candidate.promptIds).isEqualTo(current.promptIds).containsExactly("s1", "s2", "s3", "s4");
  }

  @Test
  void aCanaryRegressionBlocksPromotionEvenWhenTheShadowScoreIsBetter() {
    FakePolicy current = policy("current", "ok", true);
    FakePolicy candidate = policy("candidate", "good", false); // scorer likes it, the gold does not
    Evaluation canary = Evaluation.builder().examples(CANARY).grader(Graders.exactMatch()).build();

    GateDecision d = gate().canary(canary).maxCanaryRegressionPoints(10).build().evaluate(candidate, current);

    assertThat(d.shadow().passed()).isTrue();
    assertThat(d.promote()).isFalse();
    assertThat(d.canary()).hasValueSatisfying(c -> {
      assertThat(c.candidate().value()).isEqualTo(0.0);
      assertThat(c.current().value()).isEqualTo(1.0);
      assertThat(c.regressionPoints()).isEqualTo(100.0);
      assertThat(c.passed()).isFalse();
    });
    assertThat(d.reasons()).last().asString().startsWith("canary: candidate pass@1 0.0000 vs current 1.0000 on 2")
        .contains("-100.0 points, at most 10.0 points lost allowed").contains("failed");
    assertThat(d.metrics()).containsEntry("canary.candidate_accuracy", 0.0).containsEntry("canary.examples", 2.0);
  }

  @Test
  void aCandidateThatKeepsTheCanaryPassesTheCanary() {
    Evaluation canary = Evaluation.builder().examples(CANARY).grader(Graders.exactMatch()).build();
    GateDecision d = gate().canary(canary).build().evaluate(policy("candidate", "good", true),
        policy("current", "ok", true));
    assertThat(d.promote()).isTrue();
    assertThat(d.canary()).hasValueSatisfying(c -> assertThat(c.regressionPoints()).isEqualTo(0.0));
  }

  @Test
  void theShadowHalfNeverSeesTheCanaryOrItsGold() {
    Evaluation canary = Evaluation.builder().examples(CANARY).grader(Graders.exactMatch()).build();
    FakePolicy current = policy("current", "ok", true);
    FakePolicy candidate = policy("candidate", "good", true);
    GateDecision with = gate().canary(canary).build().evaluate(candidate, current);
    List<String> seenWith = List.copyOf(scorer.seen);
    scorer.seen.clear();
    GateDecision without = gate().build().evaluate(candidate, current);

    assertThat(seenWith).isEqualTo(scorer.seen).doesNotContainAnyElementsOf(GOLD.keySet());
    assertThat(with.shadow()).isEqualTo(without.shadow());
  }

  @Test
  void aCandidateTheScorerMostlyCannotJudgeIsRefused() {
    FakePolicy current = policy("current", "ok", true);
    FakePolicy candidate = new FakePolicy("candidate", p -> p.id().equals("s1") ? "good" : "prose");

    GateDecision d = gate().build().evaluate(candidate, current);

    assertThat(d.shadow().meetsMargin()).isTrue(); // 1.0 over the one prompt it could judge
    assertThat(d.shadow().candidate().applicableShare()).isEqualTo(0.25);
    assertThat(d.shadow().applicableShareKept()).isFalse();
    assertThat(d.promote()).isFalse();
    assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("25.0% of the candidate's completions vs 100.0%")
        .contains("failed"));
  }

  @Test
  void aPolicyTheScorerCannotJudgeAtAllIsRefusedWithAReason() {
    GateDecision d = gate().build().evaluate(policy("candidate", "prose", true), policy("current", "ok", true));
    assertThat(d.promote()).isFalse();
    assertThat(d.shadow().comparable()).isFalse();
    assertThat(d.reasons()).singleElement().asString().contains("judged none of the candidate's completions");
  }

  @Test
  void theBuilderNamesWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> EvaluationGate.builder().scorer(scorer).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("shadowPrompts(...), sampling(...)");
    assertThatThrownBy(() -> gate().shadowPrompts(List.of()).build()).isInstanceOf(DataInputException.class);
    assertThatThrownBy(() -> gate().margin(Double.NaN).build()).hasMessageContaining("margin must be finite");
    assertThatThrownBy(() -> gate().maxApplicableShareDrop(5).build())
        .hasMessageContaining("maxApplicableShareDrop must be in [0, 1]");
    assertThatThrownBy(() -> gate().maxCanaryRegressionPoints(2).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no canary(...)");
    assertThatThrownBy(() -> gate().promptsPerCall(0).build()).hasMessageContaining("promptsPerCall must be > 0");
    EvaluationGate g = gate().margin(0.1).build();
    assertThat(g.toBuilder().build().evaluate(policy("a", "good", true), policy("b", "ok", true)).shadow().margin())
        .isEqualTo(0.1);
  }
}
