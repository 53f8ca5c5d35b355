package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RolloutTest {
  static final SamplingParams P = SamplingParams.builder().candidatesPerPrompt(2).temperature(0.8).build();

  static Rollout rollout() {
    return new Rollout(Prompt.ofText("q", "bare question"), new int[] {1, 5, 6}, P,
        List.of(Fixtures.completion("a"), Fixtures.completion("bb")));
  }

  @Test
  void carriesWhatWasSampledAndShowsScorersTheOriginalPrompt() {
    Rollout r = rollout();
    int[] ids = r.promptTokenIds();
    ids[0] = 99;
    assertThat(r.promptTokenIds()).containsExactly(1, 5, 6); // copied out
    assertThat(r.group().prompt().text()).isEqualTo("bare question");
    assertThat(r.group().candidates()).isEqualTo(r.completions());
    assertThat(r.logProbTemperature()).isEqualTo(0.8);
    assertThat(r.withPrompt(Prompt.ofText("q", "other")).promptTokenIds()).containsExactly(1, 5, 6);
    assertThat(r).isEqualTo(rollout()).hasSameHashCodeAs(rollout());
    Rollout greedy = new Rollout(r.prompt(), new int[] {1}, SamplingParams.builder().temperature(0).build(),
        List.of(Fixtures.completion("a")));
    assertThat(greedy.logProbTemperature()).isEqualTo(1.0);
  }

  @Test
  void refusesEmptyPromptTokensAndEmptyGroups() {
    assertThatThrownBy(() -> new Rollout(Prompt.ofText("q", "x"), new int[0], P, List.of(Fixtures.completion("a"))))
        .isInstanceOf(DataInputException.class).hasMessageContaining("no prompt tokens");
    assertThatThrownBy(() -> new Rollout(Prompt.ofText("q", "x"), new int[] {1}, P, List.of()))
        .isInstanceOf(DataInputException.class).hasMessageContaining("no completions");
  }

  @Test
  void notApplicableScoresHaveNoValue() {
    ScoredRollout s = new ScoredRollout(rollout(), List.of(Score.of(0.0), Score.notApplicable("prose")));
    assertThat(s.value(0)).hasValue(0.0);
    assertThat(s.value(1)).isEmpty();
    assertThat(s.valuesOrNaN()[1]).isNaN();
    assertThat(s.applicableMask()).containsExactly(true, false);
    assertThat(s.applicableCount()).isEqualTo(1);
    assertThatThrownBy(() -> new ScoredRollout(rollout(), List.of(Score.of(1))))
        .isInstanceOf(ScoringException.class).hasMessageContaining("2 candidates but 1 scores");
  }

  @Test
  void stepMetricsFlattenUnderStableNamesAndCheckTheirRanges() {
    StepMetrics m = new StepMetrics(1, 2, OptionalDouble.empty(), 0, 0.5, 0.75, 0.25, 40, 2.0,
        TrainStepResult.ran().loss(0.5).kl(0.02).extra("groups_dropped", 3).build());
    assertThat(m.sampleTokensPerSecond()).isEqualTo(20.0);
    assertThat(m.toMap()).doesNotContainKey("reward_mean").containsEntry("judged_fraction", 0.5)
        .containsEntry("truncated_fraction", 0.25).containsEntry("kl", 0.02).containsEntry("groups_dropped", 3.0);
    assertThatThrownBy(() -> new StepMetrics(0, 0, OptionalDouble.of(1), 0, 1.5, 1, 0, 1, 1,
        TrainStepResult.ran().build())).isInstanceOf(ConfigurationException.class).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> new CollapseStop(0, 3, CollapseStop.Reason.KL_BUDGET, java.util.OptionalInt.of(4), "x"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("restoredTo 4");
    assertThat(TrainStepResult.skipped(TrainStepResult.SkipReason.NO_SIGNAL, "why", 0, Map.of()).toMap())
        .containsEntry("skipped", 1.0);
  }
}
