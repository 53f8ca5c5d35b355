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
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexScorerTest extends ScorerContract {

  private static RegexScorer format() {
    return RegexScorer.builder()
        .rule("tag", "<answer>.*</answer>", RegexScorer.Match.FIND, 2.0)
        .rule("short", "(?s).{0,20}", RegexScorer.Match.FULL, 1.0)
        .build();
  }

  @Override
  protected Scorer scorer() {
    return format();
  }

  @Test
  void valueIsTheMatchedShareOfTheRuleWeights() {
    List<Score> scores = format().score(texts(
        "<answer>7</answer>", "<answer>7</answer> because seven is prime", "7", ""));

    // tag has weight 2 of 3, short (whole text at most 20 chars) weight 1 of 3.
    assertThat(values(scores)).containsExactly(new double[] {1.0, 2.0 / 3, 1.0 / 3, 1.0 / 3},
        within(1e-12));
    assertThat(scores.get(1).components()).isEqualTo(Map.of("tag", 1.0, "short", 0.0));
    assertThat(scores.get(1).reason()).isEqualTo("no match for rule(s) short");
    assertThat(scores.get(0).reason()).isEmpty();
  }

  @Test
  void findMatchesAnywhereAndFullMatchesTheWholeText() {
    RegexScorer find = RegexScorer.builder().pattern("\\d+").build();
    RegexScorer full = RegexScorer.builder()
        .rule("digits", "\\d+", RegexScorer.Match.FULL, 1.0).build();

    assertThat(values(find.score(texts("x 42 y", "42", "none")))).containsExactly(1.0, 1.0, 0.0);
    assertThat(values(full.score(texts("x 42 y", "42", "none")))).containsExactly(0.0, 1.0, 0.0);
  }

  @Test
  void inlineFlagsWork() {
    RegexScorer scorer = RegexScorer.builder().pattern("(?i)^answer:").build();
    assertThat(values(scorer.score(texts("ANSWER: 3", "answer: 3", "my answer: 3"))))
        .containsExactly(1.0, 1.0, 0.0);
  }

  @Test
  void toBuilderRebuildsTheSameRules() {
    RegexScorer scorer = format();
    assertThat(scorer.toBuilder().build().rules()).isEqualTo(scorer.rules());
  }

  @Test
  void builderRejectsBadRules() {
    assertThatThrownBy(() -> RegexScorer.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no rules");
    assertThatThrownBy(() -> RegexScorer.builder().rule("bad", "(unclosed"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'bad'");
    assertThatThrownBy(() -> RegexScorer.builder().rule("w", "x", RegexScorer.Match.FIND, 0.0))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("weight")
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> RegexScorer.builder().pattern("a").pattern("b"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
  }
}
