package ai.tao.benchmarks.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlPromptFormatTest {

  @Test
  void rendersAndParsesBack() {
    String prompt = SqlPromptFormat.render("who works in sales?");
    assertThat(prompt).isEqualTo("Q: who works in sales?\nSQL: ");
    assertThat(SqlPromptFormat.question(prompt)).hasValue("who works in sales?");
    assertThat(SqlPromptFormat.question("hello")).isEmpty();
  }

  @Test
  void trainingTextIsPromptThenSqlThenNewline() {
    SqlTask t = new SqlTask("x", "headcount hr", "SELECT 1", "count_dept", SqlTask.DOC);
    assertThat(SqlPromptFormat.trainingText(t)).isEqualTo("Q: headcount hr\nSQL: SELECT 1\n");
  }

  @Test
  void extractSqlStopsAtTheFirstNewline() {
    assertThat(SqlPromptFormat.extractSql(" SELECT name FROM emp\nQ: next")).isEqualTo("SELECT name FROM emp");
    assertThat(SqlPromptFormat.extractSql("SELECT 1")).isEqualTo("SELECT 1");
  }

  @Test
  void multiLineQuestionIsRejected() {
    assertThatThrownBy(() -> SqlPromptFormat.render("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SqlTask("x", "q", "s", "i", "other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'other'");
  }
}
