package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.tokens;
import static ai.tao.rewards.TestGroups.texts;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthScorerTest extends ScorerContract {

  @Override
  protected Scorer scorer() {
    return LengthScorer.builder().range(3, 5).falloff(4).build();
  }

  @Test
  void oneInsideTheRangeAndLinearFalloffOutside() {
    LengthScorer scorer = LengthScorer.builder().range(3, 5).falloff(4).build();

    List<Score> scores = scorer.score(
        texts("abc", "abcde", "a", "abcdefgh", "", "abcdefghijklmnopqrst"));

    // lengths 3, 5, 1 (2 short), 8 (3 long), 0 (3 short), 20 (15 long, past the falloff)
    assertThat(values(scores)).containsExactly(new double[] {1, 1, 0.5, 0.25, 0.25, 0},
        within(1e-12));
    assertThat(scores.get(2).components()).containsEntry("length", 1.0);
    assertThat(scores.get(2).reason()).isEqualTo("1 chars is below min 3");
    assertThat(scores.get(3).reason()).isEqualTo("8 chars is above max 5");
  }

  @Test
  void tokensCountGeneratedTokenIdsNotCharacters() {
    LengthScorer scorer = LengthScorer.builder().tokens().range(2, 4).falloff(2).build();
    CandidateGroup g = new CandidateGroup(Prompt.ofText("p", "q"), List.of(
        tokens("a very long text with few tokens", 3),
        tokens("x", 5),
        tokens("y", 8)));

    assertThat(values(scorer.score(g))).containsExactly(1.0, 0.5, 0.0);
  }

  @Test
  void defaultFalloffIsTheRangeWidthAndZeroFalloffIsAStep() {
    LengthScorer dflt = LengthScorer.builder().range(10, 20).build();
    LengthScorer step = LengthScorer.builder().max(2).falloff(0).build();

    assertThat(values(dflt.score(texts("x".repeat(25), "x".repeat(30), "x".repeat(5)))))
        .containsExactly(0.5, 0.0, 0.5);
    assertThat(values(step.score(texts("ab", "abc")))).containsExactly(1.0, 0.0);
  }

  @Test
  void builderNamesTheBadValue() {
    assertThatThrownBy(() -> LengthScorer.builder().min(3).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("max");
    assertThatThrownBy(() -> LengthScorer.builder().range(9, 4).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("min 9")
        .hasMessageContaining("max 4");
    assertThatThrownBy(() -> LengthScorer.builder().range(-1, 4).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> LengthScorer.builder().max(4).falloff(-2).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("-2");
  }

  @Test
  void toBuilderKeepsSettings() {
    LengthScorer s = LengthScorer.builder().tokens().range(1, 9).falloff(3).build();
    assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
  }
}
