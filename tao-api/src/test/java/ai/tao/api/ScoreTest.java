package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreTest {

  @Test
  void ofIsApplicableWithEmptyReason() {
    Score s = Score.of(0.75);
    assertThat(s.value()).isEqualTo(0.75);
    assertThat(s.applicable()).isTrue();
    assertThat(s.reason()).isEmpty();
    assertThat(s.components()).isEmpty();
  }

  @Test
  void componentsKeepInsertionOrder() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("format", 1.0);
    parts.put("length", -0.25);
    parts.put("answer", 0.5);
    assertThat(Score.of(1.25, parts).components().keySet())
        .containsExactly("format", "length", "answer");
  }

  @Test
  void notApplicableIsZeroWithReason() {
    Score s = Score.notApplicable("not JSON");
    assertThat(s.applicable()).isFalse();
    assertThat(s.value()).isZero();
    assertThat(s.reason()).isEqualTo("not JSON");
  }

  @Test
  void zeroIsApplicable() {
    Score s = Score.zero("empty answer");
    assertThat(s.applicable()).isTrue();
    assertThat(s.value()).isZero();
    assertThat(s.reason()).isEqualTo("empty answer");
  }

  @Test
  void rejectsNonFiniteValue() {
    assertThatThrownBy(() -> Score.of(Double.NaN))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Score.of(Double.POSITIVE_INFINITY))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("Infinity");
  }

  @Test
  void rejectsNonFiniteComponentNamingIt() {
    assertThatThrownBy(() -> Score.of(1.0, Map.of("length", Double.NaN)))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("'length'");
  }

  @Test
  void notApplicableNeedsReasonAndZeroValue() {
    assertThatThrownBy(() -> Score.notApplicable(" "))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> new Score(0.3, Map.of(), false, "n/a"))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("0.3");
  }

  @Test
  void zeroNeedsReason() {
    assertThatThrownBy(() -> Score.zero("")).isInstanceOf(ScoringException.class);
  }
}
