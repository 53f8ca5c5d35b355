package ai.tao.rewards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlExtractorTest {

  @Test
  void wholeCompletionStripped() {
    assertThat(SqlExtractor.extract("  SELECT 1\n")).hasValue("SELECT 1");
    assertThat(SqlExtractor.extract("SELECT a\nFROM t\nWHERE b = 1;")).hasValue("SELECT a\nFROM t\nWHERE b = 1;");
  }

  @Test
  void firstSqlOrUntaggedFencedBlockWins() {
    assertThat(SqlExtractor.extract("Here:\n```sql\nSELECT 1\n```\nand\n```sql\nDROP TABLE t\n```"))
        .hasValue("SELECT 1");
    assertThat(SqlExtractor.extract("```\nSELECT 2;\n```")).hasValue("SELECT 2;");
    assertThat(SqlExtractor.extract("```python\nprint(1)\n```\n```SQL\nSELECT 3\n```"))
        .hasValue("SELECT 3");
  }

  @Test
  void anUnclosedFenceKeepsWhatFollowsIt() {
    assertThat(SqlExtractor.extract("```sql\nSELECT name\nFROM emp")).hasValue("SELECT name\nFROM emp");
    assertThat(SqlExtractor.extract("```python\nprint(1)")).isEmpty();
  }

  @Test
  void doesNotCutAtTheFirstSemicolon() {
    assertThat(SqlExtractor.extract("SELECT 1; DROP TABLE t")).hasValue("SELECT 1; DROP TABLE t");
  }

  @Test
  void nothingIsEmpty() {
    assertThat(SqlExtractor.extract("  \n")).isEmpty();
    assertThat(SqlExtractor.extract("```sql\n\n```")).isEmpty();
  }
}
