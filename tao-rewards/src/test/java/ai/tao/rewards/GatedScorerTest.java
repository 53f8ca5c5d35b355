package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.api.ScoringException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GatedScorerTest extends ScorerContract {

  private static GatedScorer numbersThenMajority() {
    return Scorers.gated().gate(Scorers.regex().pattern("^\\d+$").build())
        .then(Scorers.majorityAgreement().build()).build();
  }

  @Override
  protected Scorer scorer() {
    return numbersThenMajority();
  }

  @Test
  void onlyCandidatesThatPassTheGateVoteAndEarn() {
    // Three malformed answers agree on "x"; among the well-formed ones "4" has the plurality.
    List<Score> scores = numbersThenMajority().score(group("p", "2+2?", "x", "4", "x", "4", "5", "x"));

    assertThat(values(scores)).containsExactly(0.0, 1.0, 0.0, 1.0, 0.0, 0.0);
    assertThat(scores.get(0).reason()).contains("gate 'regex' failed");
    assertThat(scores.get(0).components()).containsEntry("gate", 0.0);
    assertThat(scores.get(1).components()).containsEntry("gate", 1.0);
    assertThat(scores.get(4).applicable()).isTrue();
  }

  @Test
  void theInnerScorerIsNotCalledWhenNothingPassesAndAGateThatCannotJudgeIsNotApplicable() {
    AtomicInteger calls = new AtomicInteger();
    Scorer counting = new Scorer() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        calls.incrementAndGet();
        List<Score> s = new ArrayList<>();
        group.candidates().forEach(c -> s.add(Score.of(0.5)));
        return s;
      }
    };
    Scorer picky = new Scorer() {
      @Override
      public String name() {
        return "picky";
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        List<Score> s = new ArrayList<>();
        group.candidates().forEach(c -> s.add(c.text().isEmpty() ? Score.notApplicable("empty")
            : Score.of(c.text().startsWith("ok") ? 1.0 : 0.0)));
        return s;
      }
    };
    GatedScorer g = Scorers.gated().gate(picky).then(counting).build();

    assertThat(values(g.score(group("p", "q", "no", "nope")))).containsExactly(0.0, 0.0);
    assertThat(calls).hasValue(0);
    List<Score> mixed = g.score(group("p", "q", "", "ok 1"));
    assertThat(mixed.get(0).applicable()).isFalse();
    assertThat(mixed.get(0).reason()).contains("'picky'").contains("empty");
    assertThat(mixed.get(1).value()).isEqualTo(0.5);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aThresholdBelowOneLetsPartialPassesThrough() {
    Scorer half = Scorers.length().range(1, 2).falloff(4).build(); // "abcd": 2 past max, 0.5
    GatedScorer g = Scorers.gated().gate(half).threshold(0.5).then(Scorers.regex().pattern("a").build()).build();
    assertThat(values(g.score(group("p", "q", "abcd", "abcdefgh")))).containsExactly(1.0, 0.0);
  }

  @Test
  void aFailingPartIsNamedAndMissingPartsAreRefused() {
    Scorer broken = TestGroups.failing(new IllegalStateException("boom"));
    GatedScorer g = Scorers.gated().gate(Scorers.regex().pattern(".").build()).then(broken).build();
    assertThatThrownBy(() -> g.score(group("prompt-3", "q", "a")))
        .isInstanceOf(ScoringException.class).hasMessageContaining("'broken'")
        .hasMessageContaining("'prompt-3'").hasMessageContaining("boom");
    assertThatThrownBy(() -> Scorers.gated().then(broken).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("gate(...)");
    assertThatThrownBy(() -> Scorers.gated().gate(broken).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("then(...)");
  }
}
