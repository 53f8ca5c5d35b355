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

  private static ai.tao.api.Completion text(String t) {
    return new ai.tao.api.Completion(t, new int[] {1}, new float[] {-1f}, FinishReason.EOS);
  }

  private static ScoredRollout group(String id, String... answers) {
    ai.tao.api.Completion[] cs = java.util.Arrays.stream(answers).map(GroupStatsTest::text)
        .toArray(ai.tao.api.Completion[]::new);
    double[] zeros = new double[answers.length];
    return TestRollouts.scored(TestRollouts.rollout(id, "question " + id, new int[] {1}, 1.0, cs), zeros);
  }

  @Test
  void theSharedAnswerFractionIsTheShareOfQuestionsWhoseMajorityIsTheCommonestOne() {
    List<ScoredRollout> followQuestions = List.of(group("a", "1", "1", "2"), group("b", "2", "2", "1"),
        group("c", "3", "3", "3"), group("d", "4", " 4 ", "9"));
    assertThat(GroupStats.of(0, 0, followQuestions, 1, SKIP).sharedAnswerFraction()).hasValue(0.25);
    List<ScoredRollout> collapsed = List.of(group("a", "30", "30", "2"), group("b", "30", "1", "30"),
        group("c", "30", "30", "30"), group("d", "4", "4", "9"));
    StepMetrics m = GroupStats.of(0, 0, collapsed, 1, SKIP);
    assertThat(m.sharedAnswerFraction()).hasValue(0.75);
    assertThat(m.toMap()).containsEntry("shared_answer_fraction", 0.75);
  }

  @Test
  void aQuestionSampledTwiceCountsOnceAndOneQuestionGivesNoSignal() {
    assertThat(GroupStats.of(0, 0, List.of(group("a", "7", "7"), group("a", "7", "7"), group("b", "8", "8")), 1,
        SKIP).sharedAnswerFraction()).hasValue(0.5);
    assertThat(GroupStats.of(0, 0, List.of(group("a", "7"), group("a", "7")), 1, SKIP).sharedAnswerFraction())
        .isEmpty();
  }

  @Test
  void answersComeFromTheScorerWhenItExtractsThem() {
    ai.tao.api.Scorer lastWord = new ai.tao.api.Scorer() {
      @Override
      public String name() {
        return "last-word";
      }

      @Override
      public List<Score> score(ai.tao.api.CandidateGroup g) {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.util.Optional<String> answerOf(ai.tao.api.Prompt p, ai.tao.api.Completion c) {
        String[] w = c.text().split(" ");
        return java.util.Optional.of(w[w.length - 1]);
      }
    };
    List<ScoredRollout> sameAnswerOtherWords = List.of(group("a", "so it is 30", "thus 30"),
        group("b", "hence 30", "we get 30"));
    assertThat(GroupStats.of(0, 0, sameAnswerOtherWords, 1, SKIP).sharedAnswerFraction()).hasValue(0.5);
    assertThat(GroupStats.of(0, 0, sameAnswerOtherWords, 1, SKIP, lastWord, Map.of()).sharedAnswerFraction())
        .hasValue(1.0);
  }

  @Test
  void componentMeansAreOverTheJudgedCandidatesThatCarryThemAndCountersRideAlong() {
    Rollout r = TestRollouts.rollout("1", "q", new int[] {1}, 1.0, text("a"), text("b"), text("c"));
    ScoredRollout s = new ScoredRollout(r, List.of(Score.of(1, Map.of("format", 1.0, "vote", 0.5)),
        Score.of(0, Map.of("format", 0.0)), Score.notApplicable("no answer")));
    StepMetrics m = GroupStats.of(0, 0, List.of(s), 1, SKIP, new ai.tao.api.Scorer() {
      @Override
      public String name() {
        return "x";
      }

      @Override
      public List<Score> score(ai.tao.api.CandidateGroup g) {
        throw new UnsupportedOperationException();
      }
    }, Map.of("judge.calls", 3.0));
    assertThat(m.componentMeans()).containsExactly(Map.entry("format", 0.5), Map.entry("vote", 0.5));
    assertThat(m.scorerCounters()).containsEntry("judge.calls", 3.0);
    assertThat(m.toMap()).containsEntry("component.format", 0.5).containsEntry("scorer.judge.calls", 3.0);
  }
}
