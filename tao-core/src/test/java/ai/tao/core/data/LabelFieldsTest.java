package ai.tao.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelFieldsTest {

  @Test
  void splitsSnakeKebabAndCamelCase() {
    assertThat(LabelFields.words("goldSQL_query-v2")).containsExactly("gold", "sql", "query", "v2");
    assertThat(LabelFields.words("expectedOutput")).containsExactly("expected", "output");
  }

  @Test
  void flagsNamesWithALabelWordOnly() {
    assertThat(LabelFields.isLabelLike("reference_answer")).isTrue();
    assertThat(LabelFields.isLabelLike("chosen")).isTrue();
    assertThat(LabelFields.isLabelLike("user")).isFalse();
    assertThat(LabelFields.isLabelLike("timestamp")).isFalse();
    assertThat(LabelFields.isLabelLike("goldfish")).as("whole words only").isFalse();
  }
}
