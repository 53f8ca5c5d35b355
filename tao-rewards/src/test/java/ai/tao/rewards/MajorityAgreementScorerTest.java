package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.texts;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MajorityAgreementScorerTest extends ScorerContract {

  @Override
  protected Scorer scorer() {
    return MajorityAgreementScorer.builder().build();
  }

  @Test
  void majorityAnswerScoresOneAndOthersZero() {
    List<Score> scores = MajorityAgreementScorer.builder().build()
        .score(texts("work\nParis", "Paris", "  Paris  ", "Lyon", "Rome\n\n"));

    assertThat(values(scores)).containsExactly(1, 1, 1, 0, 0);
    assertThat(scores.get(0).components()).containsEntry("votes", 3.0);
    assertThat(scores.get(3).reason()).isEqualTo("answer 'Lyon' has 1 vote(s); the majority has 3");
  }

  @Test
  void tiedAnswersAllCountAsMajority() {
    MajorityAgreementScorer scorer =
        MajorityAgreementScorer.builder().extractor(AnswerExtractor.lastNumber()).build();

    // 42 and 7000 have two votes each (42 == 42.0, 7,000 == 7000); 41 has one; one has none.
    List<Score> scores = scorer.score(texts("so 42", "answer: 42.0", "41", "no idea", "7,000",
        "it is 7000"));

    assertThat(values(scores)).containsExactly(1, 1, 0, 0, 1, 1);
    assertThat(scores.get(3).reason()).isEqualTo("no answer extracted");
  }

  @Test
  void belowMinVotesNobodyAgrees() {
    List<Score> scores = MajorityAgreementScorer.builder().minVotes(3).build()
        .score(texts("a", "a", "b"));

    assertThat(values(scores)).containsExactly(0, 0, 0);
    assertThat(scores.get(0).reason()).isEqualTo("no answer has minVotes 3 votes (most: 2)");
    assertThat(values(MajorityAgreementScorer.builder().build().score(texts("a", "b", "c"))))
        .containsExactly(0, 0, 0);
  }

  @Test
  void candidatesWithoutAnAnswerDoNotVote() {
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder()
        .extractor(AnswerExtractor.regex(Pattern.compile("<a>(.*?)</a>"), 1)).build();

    assertThat(values(scorer.score(texts("<a>x</a>", "x", "x", "<a>x</a>", "<a>y</a>"))))
        .containsExactly(1, 0, 0, 1, 0);
  }

  @Test
  void voteShareScoresTheShareOfTheGroup() {
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder().voteShare(true).build();

    assertThat(values(scorer.score(texts("a", "a", "a", "b", "c", "-", "-", "-"))))
        .containsExactly(new double[] {3 / 8.0, 3 / 8.0, 3 / 8.0, 0, 0, 3 / 8.0, 3 / 8.0, 3 / 8.0},
            within(1e-12));
  }

  @Test
  void builderRejectsMinVotesBelowOne() {
    assertThatThrownBy(() -> MajorityAgreementScorer.builder().minVotes(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("minVotes")
        .hasMessageContaining("0");
  }
}
