package ai.tao.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.FinishReason;
import ai.tao.api.Rollout;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.StepMetrics;
import ai.tao.api.TrainStepResult;
import ai.tao.core.TestRollouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupStatsTest {
  static final TrainStepResult SKIP = TrainStepResult.skipped(TrainStepResult.SkipReason.NO_SIGNAL, "none", 0,
      Map.of());

  @Test
  void notApplicableScoresAreLeftOutOfTheRewardMeanAndTruncationIsCounted() {
    Rollout r = TestRollouts.rollout("1", "ab", new int[] {1}, 1.0,
        TestRollouts.completion(FinishReason.EOS, 2), TestRollouts.completion(FinishReason.LENGTH, 3, 3),
        TestRollouts.completion(FinishReason.EOS, 4), TestRollouts.completion(FinishReason.LENGTH, 5));
    ScoredRollout s = new ScoredRollout(r, List.of(Score.of(1), Score.notApplicable("prose"), Score.of(0),
        Score.notApplicable("prose")));
    StepMetrics m = GroupStats.of(0, 3, List.of(s), 2.0, SKIP);
    assertThat(m.rewardMean()).hasValue(0.5); // not (1 + 0 + 0 + 0) / 4
    assertThat(m.rewardStd()).isCloseTo(0.5, within(1e-12));
    assertThat(m.judgedFraction()).isEqualTo(0.5);
    assertThat(m.truncatedFraction()).isEqualTo(0.5);
    assertThat(m.sampledTokens()).isEqualTo(5);
    assertThat(m.toMap()).containsEntry("reward_mean", 0.5).containsEntry("truncated_fraction", 0.5);
  }

  @Test
  void aStepWhereNothingWasJudgedHasNoRewardMean() {
    Rollout r = TestRollouts.rollout("1", "ab", new int[] {1}, 1.0, TestRollouts.completion(FinishReason.EOS, 2));
    StepMetrics m = GroupStats.of(0, 0, List.of(new ScoredRollout(r, List.of(Score.notApplicable("prose")))), 1.0,
        SKIP);
    assertThat(m.rewardMean()).isEmpty();
    assertThat(m.toMap()).doesNotContainKey("reward_mean");
  }
}
