package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoredGroupTest {

  @Test
  void rejectsSizeMismatchNamingBothSizes() {
    CandidateGroup g = Fixtures.group("p3", "a", "b", "c");
    assertThatThrownBy(() -> new ScoredGroup(g, List.of(Score.of(1), Score.of(2))))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("p3")
        .hasMessageContaining("3 candidates")
        .hasMessageContaining("2 scores");
  }

  @Test
  void valuesAndMaskFollowCandidateOrder() {
    CandidateGroup g = Fixtures.group("p", "a", "b", "c");
    ScoredGroup sg =
        new ScoredGroup(g, List.of(Score.of(0.5), Score.notApplicable("prose"), Score.zero("wrong")));

    assertThat(sg.size()).isEqualTo(3);
    assertThat(sg.values()).containsExactly(0.5, 0.0, 0.0);
    assertThat(sg.applicableMask()).containsExactly(true, false, true);
    assertThat(sg.applicableCount()).isEqualTo(2);
  }

  @Test
  void returnedArraysAreFresh() {
    ScoredGroup sg = new ScoredGroup(Fixtures.group("p", "a"), List.of(Score.of(1.0)));
    sg.values()[0] = 9.0;
    sg.applicableMask()[0] = false;
    assertThat(sg.values()).containsExactly(1.0);
    assertThat(sg.applicableMask()).containsExactly(true);
  }
}
