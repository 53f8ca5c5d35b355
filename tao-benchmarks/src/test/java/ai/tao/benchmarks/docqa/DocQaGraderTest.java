package ai.tao.benchmarks.docqa;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Grader;
import ai.tao.api.Prompt;
import org.junit.jupiter.api.Test;

class DocQaGraderTest {
  private static final Grader GRADER = DocQaGrader.create();
  private static final Prompt P = Prompt.ofText("p", "x\nQ: q\nA: ");

  @Test
  void theLastNumberOfTheFirstLineMustEqualTheGold() {
    assertThat(GRADER.correct(P, "182", "182")).isTrue();
    assertThat(GRADER.correct(P, "182\n", "182")).isTrue();
    assertThat(GRADER.correct(P, "182.0", "182")).isTrue();
    assertThat(GRADER.correct(P, "34%", "34")).isTrue();
    assertThat(GRADER.correct(P, "1,034", "1034")).isTrue();
    assertThat(GRADER.correct(P, "revenue 412 - cost of goods sold 230 = 182", "182")).isTrue();
    assertThat(GRADER.correct(P, "net profit 61 / revenue 412 = 15%\n", "15")).isTrue();
    assertThat(GRADER.correct(P, "-5", "-5")).isTrue();
  }

  @Test
  void offByOneAFractionOrALaterLineIsWrong() {
    assertThat(GRADER.correct(P, "183", "182")).isFalse();
    assertThat(GRADER.correct(P, "34.4", "34")).isFalse();
    assertThat(GRADER.correct(P, "about 182 or 7", "182")).isFalse();
    assertThat(GRADER.correct(P, "revenue 412 - cost of goods sold 230 =", "182")).isFalse();
    assertThat(GRADER.correct(P, "none\n182", "182")).isFalse();
    assertThat(GRADER.correct(P, "", "182")).isFalse();
    assertThat(GRADER.correct(P, "-182", "182")).isFalse();
    assertThat(GRADER.correct(P, "FY2021", "2021")).isFalse();
  }

  @Test
  void theAnswerKeyIsTheIntegerAndEmptyWithoutANumber() {
    assertThat(GRADER.answerKey(P, "182.0")).contains("182");
    assertThat(GRADER.answerKey(P, "revenue 412 - cost of goods sold 230 = 182")).contains("182");
    assertThat(GRADER.answerKey(P, "182\n")).contains("182");
    assertThat(GRADER.answerKey(P, "abc")).isEmpty();
    assertThat(GRADER.answerKey(P, "\n182")).isEmpty();
    assertThat(GRADER.name()).isEqualTo("docqa-number");
  }
}
