package ai.tao.rewards.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.tao.rewards.judge.ReplyParsers.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reading verdicts, filling templates and the retry waits, without a server. */
class JudgeParsingTest {
  private static final ScoreRange TEN = new ScoreRange(0, 10);

  @Test
  void theLastScoreLineWinsAndOutOfRangeIsUnreadable() {
    assertThat(ReplyParsers.score("A score: 3 is harsh.\n**Score:** 7", TEN).orElseThrow()).isEqualTo(0.7);
    assertThat(ReplyParsers.score("Score = 8.5", TEN).orElseThrow()).isEqualTo(0.85, within(1e-12));
    assertThat(ReplyParsers.score("Score: 12", TEN)).isEmpty();
    assertThat(ReplyParsers.score("Score: -1", TEN)).isEmpty();
    assertThat(ReplyParsers.score("I give it a seven", TEN)).isEmpty();
  }

  @Test
  void verdictsAreReadCaseInsensitively() {
    assertThat(ReplyParsers.verdict("A is longer. Winner: b")).hasValue(Verdict.B);
    assertThat(ReplyParsers.verdict("Winner: A\nOn reflection, winner: TIE")).hasValue(Verdict.TIE);
    assertThat(ReplyParsers.verdict("Both are fine.")).isEmpty();
    assertThat(ReplyParsers.verdict("Winner: Alice")).isEmpty();
  }

  @Test
  void groupScoresComeFromJsonOrNumberedLines() {
    assertThat(ReplyParsers.groupScores("```json\n{\"scores\": [10, 0, 5]}\n```", 3, TEN))
        .hasValue(List.of(1.0, 0.0, 0.5));
    assertThat(ReplyParsers.groupScores("{\"scores\": [{\"id\": 1, \"score\": 2}, {\"id\": 2, \"score\": 4}]}", 2, TEN))
        .hasValue(List.of(0.2, 0.4));
    assertThat(ReplyParsers.groupScores("2: 4\n1: 2\n", 2, TEN)).hasValue(List.of(0.2, 0.4));
    assertThat(ReplyParsers.groupScores("1: 2\n1: 3\n", 2, TEN)).isEmpty();
    assertThat(ReplyParsers.groupScores("{\"scores\": [1, 2, 30]}", 3, TEN)).isEmpty();
    assertThat(ReplyParsers.groupScores("{\"scores\": [1, \"high\"]}", 2, TEN)).isEmpty();
  }

  @Test
  void templatesFillKnownPlaceholdersOnceAndLeaveOtherBraces() {
    JudgeTemplate t = new JudgeTemplate("sys {rubric}", "{a} vs {b}; reply {\"scores\": []} {unknown}");
    JudgeTemplate filled = t.fill(Map.of("rubric", "R", "a", "x {b} y", "b", "z"));
    assertThat(filled.system()).isEqualTo("sys R");
    assertThat(filled.user()).isEqualTo("x {b} y vs z; reply {\"scores\": []} {unknown}");
  }

  @Test
  void theGroupShuffleIsSeededByPromptAndTexts() {
    JudgeInput input = new JudgeInput("p", "q", List.of("a", "b", "c", "d", "e"));
    assertThat(GroupJudging.shownOrder(input)).isEqualTo(GroupJudging.shownOrder(input));
    assertThat(GroupJudging.shownOrder(input)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
  }

  @Test
  void retryWaitsDoubleWithJitterAndRetryAfterIsCapped() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 50; i++) {
      assertThat(p.delay(0, Optional.empty(), random).toMillis()).isBetween(50L, 100L);
      assertThat(p.delay(2, Optional.empty(), random).toMillis()).isBetween(200L, 400L);
      assertThat(p.delay(10, Optional.empty(), random).toMillis()).isBetween(500L, 1000L);
    }
    assertThat(p.delay(0, Optional.of(Duration.ofMillis(700)), random)).isEqualTo(Duration.ofMillis(700));
    assertThat(p.delay(0, Optional.of(Duration.ofSeconds(60)), random)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void theEndpointGetsOneV1() {
    assertThat(OpenAiChatClient.endpoint("http://h:1/").toString()).isEqualTo("http://h:1/v1/chat/completions");
    assertThat(OpenAiChatClient.endpoint("http://h:1/v1").toString()).isEqualTo("http://h:1/v1/chat/completions");
  }
}
