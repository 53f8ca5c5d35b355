package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomScorerTest extends ScorerContract {

  @Override
  protected Scorer scorer() {
    return Scorers.random().seed(3).build();
  }

  private static List<String> texts(int n) {
    List<String> t = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t.add("answer " + i);
    }
    return t;
  }

  @Test
  void rewardsAFractionPOfCandidatesWithZeroOrOne() {
    RandomScorer r = Scorers.random().seed(11).probability(0.3).build();
    List<Score> scores = r.score(group("p", "q", texts(4000).toArray(String[]::new)));
    long ones = scores.stream().filter(s -> s.value() == 1.0).count();
    assertThat(scores).allMatch(s -> s.applicable() && (s.value() == 0.0 || s.value() == 1.0));
    // Binomial(4000, 0.3): mean 1200, std 29; five std either side.
    assertThat(ones).isBetween(1055L, 1345L);
  }

  @Test
  void theDrawDependsOnSeedAndPromptNotOnTheTextsPosition() {
    String[] t = texts(64).toArray(String[]::new);
    List<Score> a = Scorers.random().seed(1).build().score(group("p", "q", t));
    List<Score> otherSeed = Scorers.random().seed(2).build().score(group("p", "q", t));
    List<Score> otherPrompt = Scorers.random().seed(1).build().score(group("p2", "q", t));
    assertThat(a).isNotEqualTo(otherSeed).isNotEqualTo(otherPrompt);
    List<Score> alone = Scorers.random().seed(1).build().score(group("p", "q", t[17]));
    assertThat(alone.get(0)).isEqualTo(a.get(17));
  }

  @Test
  void aProbabilityThatGivesNoSpreadIsRefused() {
    assertThatThrownBy(() -> Scorers.random().probability(1.0)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> Scorers.random().probability(Double.NaN)).isInstanceOf(ConfigurationException.class);
  }
}
