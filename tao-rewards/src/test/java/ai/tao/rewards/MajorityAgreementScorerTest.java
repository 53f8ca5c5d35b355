package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.texts;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
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

  @Test
  void oneAnswerForEveryQuestionEarnsNothing() {
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder().questionIndependent(true).build();

    for (int q = 1; q <= 3; q++) {
      List<Score> scores = scorer.score(group("q" + q, "question " + q, "Answer: 30", "Answer: 30", "Answer: 7"));
      assertThat(values(scores)).as("question %d", q).containsExactly(1, 1, 0);
      assertThat(scores.get(0).components()).containsEntry("sharedAnswerPenalty", 0.0);
    }
    // The fourth question given the same majority answer: it was the majority of 3 other questions.
    List<Score> scores = scorer.score(group("q4", "question 4", "Answer: 30", "Answer: 30", "Answer: 8"));

    assertThat(values(scores)).containsExactly(0, 0, 0);
    assertThat(scores.get(0).reason()).isEqualTo("question-independent: answer 'Answer: 30' was also the majority"
        + " answer of 3 other question(s) among the last 64 prompts");
    assertThat(scores.get(0).components()).containsEntry("votes", 2.0).containsEntry("sharedAnswerPenalty", 1.0);
    assertThat(scores.get(2).reason()).isEqualTo("answer 'Answer: 8' has 1 vote(s); the majority has 2");
  }

  @Test
  void answersThatFollowTheQuestionsKeepTheirReward() {
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder().questionIndependent(true).sharedAfter(1)
        .build();

    for (int q = 1; q <= 20; q++) {
      assertThat(values(scorer.score(group("q" + q, "what is " + q + "?", "" + q, "" + q, "0"))))
          .containsExactly(1, 1, 0);
    }
  }

  @Test
  void theSameQuestionAgainIsNoEvidence() {
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder().questionIndependent(true).sharedAfter(1)
        .build();

    // One prompt scored again, and the same question under another id, share answers rightly.
    for (int i = 0; i < 5; i++) {
      assertThat(values(scorer.score(group("q1", "2+2?", "4", "4")))).containsExactly(1, 1);
    }
    assertThat(values(scorer.score(group("q1-copy", " 2+2? ", "4", "4")))).containsExactly(1, 1);
    assertThat(values(scorer.score(group("q2", "3+1?", "4", "4")))).containsExactly(0, 0);
  }

  @Test
  void onlyTheSharedOneOfTiedMajoritiesLosesItsReward() {
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder().questionIndependent(true).sharedAfter(1)
        .build();
    scorer.score(group("q1", "first", "a", "a"));

    assertThat(values(scorer.score(group("q2", "second", "a", "a", "b", "b")))).containsExactly(0, 0, 1, 1);
  }

  @Test
  void theMemoryIsBoundedToTheLastPrompts() {
    MajorityAgreementScorer forgetful = MajorityAgreementScorer.builder().questionIndependent(true).memory(1)
        .sharedAfter(1).build();
    forgetful.score(group("q1", "first", "30", "30"));
    forgetful.score(group("q2", "second", "9", "9")); // q1 is forgotten

    assertThat(values(forgetful.score(group("q3", "third", "30", "30")))).containsExactly(1, 1);
  }

  @Test
  void theRuleIsOffByDefault() {
    MajorityAgreementScorer scorer = MajorityAgreementScorer.builder().build();
    for (int q = 1; q <= 10; q++) {
      List<Score> scores = scorer.score(group("q" + q, "question " + q, "30", "30"));
      assertThat(values(scores)).containsExactly(1, 1);
      assertThat(scores.get(0).components()).containsOnlyKeys("votes");
    }
    assertThat(scorer.toBuilder().questionIndependent(true).build().toString())
        .contains("questionIndependent, memory=64, sharedAfter=3");
  }

  @Test
  void builderRejectsAnEmptyMemoryOrThreshold() {
    assertThatThrownBy(() -> MajorityAgreementScorer.builder().questionIndependent(true).memory(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("memory").hasMessageContaining("0");
    assertThatThrownBy(() -> MajorityAgreementScorer.builder().sharedAfter(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("sharedAfter");
  }

  /** The contract with the question-independence rule on, over groups where it fires. */
  @Nested
  class QuestionIndependent extends ScorerContract {
    @Override
    protected Scorer scorer() {
      return MajorityAgreementScorer.builder().questionIndependent(true).sharedAfter(1).build();
    }

    @Override
    protected List<CandidateGroup> groups() {
      List<CandidateGroup> groups = new ArrayList<>(super.groups());
      groups.add(group("c1", "first question", "30", "30", "4"));
      groups.add(group("c2", "second question", "30", "30", "5", "5"));
      groups.add(group("c3", "third question", "30", "6", "30"));
      return groups;
    }
  }
}
