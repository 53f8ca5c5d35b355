package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompletionTest {

  @Test
  void copiesArraysOnTheWayIn() {
    int[] ids = {1, 2, 3};
    float[] lp = {-0.1f, -0.2f, -0.3f};
    Completion c = new Completion("abc", ids, lp, FinishReason.EOS);
    ids[0] = 99;
    lp[0] = -9f;

    assertThat(c.tokenIds()).containsExactly(1, 2, 3);
    assertThat(c.logProbs()).containsExactly(-0.1f, -0.2f, -0.3f);
  }

  @Test
  void copiesArraysOnTheWayOut() {
    Completion c = new Completion("ab", new int[] {1, 2}, new float[] {-1f, -2f}, FinishReason.LENGTH);
    c.tokenIds()[0] = 42;
    c.logProbs()[1] = 0f;

    assertThat(c.tokenIds()).containsExactly(1, 2);
    assertThat(c.logProbs()).containsExactly(-1f, -2f);
  }

  @Test
  void equalityAndHashCodeCompareArrayContents() {
    Completion a = new Completion("x", new int[] {5, 6}, new float[] {-1f, -2f}, FinishReason.EOS);
    Completion b = new Completion("x", new int[] {5, 6}, new float[] {-1f, -2f}, FinishReason.EOS);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a)
        .isNotEqualTo(new Completion("x", new int[] {5, 7}, new float[] {-1f, -2f}, FinishReason.EOS))
        .isNotEqualTo(new Completion("x", new int[] {5, 6}, new float[] {-1f, -3f}, FinishReason.EOS))
        .isNotEqualTo(new Completion("y", new int[] {5, 6}, new float[] {-1f, -2f}, FinishReason.EOS))
        .isNotEqualTo(
            new Completion("x", new int[] {5, 6}, new float[] {-1f, -2f}, FinishReason.STOP_STRING));
  }

  @Test
  void toStringShowsArrayContents() {
    Completion c = new Completion("hi", new int[] {7, 8}, new float[] {-0.5f, -1.5f}, FinishReason.EOS);
    assertThat(c.toString()).contains("[7, 8]").contains("[-0.5, -1.5]").contains("EOS");
  }

  @Test
  void lengthIsTokenCount() {
    assertThat(new Completion("", new int[0], new float[0], FinishReason.EOS).length()).isZero();
    assertThat(Fixtures.completion("four").length()).isEqualTo(4);
  }

  @Test
  void rejectsMismatchedLengthsNamingBoth() {
    assertThatThrownBy(
            () -> new Completion("x", new int[] {1, 2, 3}, new float[] {-1f}, FinishReason.EOS))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("3 token ids")
        .hasMessageContaining("1 log-probabilities");
  }

  @Test
  void rejectsNaNLogProb() {
    assertThatThrownBy(
            () -> new Completion("x", new int[] {4, 5}, new float[] {-1f, Float.NaN}, FinishReason.EOS))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("token 1")
        .hasMessageContaining("NaN");
  }

  @Test
  void rejectsNullFinishReason() {
    assertThatThrownBy(() -> new Completion("x", new int[0], new float[0], null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("finishReason");
  }
}
