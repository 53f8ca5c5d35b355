package ai.tao.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnswerExtractorTest {

  @Test
  void lastLineIsTheLastNonBlankLineStripped() {
    AnswerExtractor e = AnswerExtractor.lastLine();
    assertThat(e.extract("think\n  42 \n\n")).hasValue("42");
    assertThat(e.extract(" \n\t")).isEmpty();
    assertThat(e.extract("")).isEmpty();
  }

  @Test
  void regexTakesTheGroupOfTheLastMatch() {
    AnswerExtractor e = AnswerExtractor.regex(Pattern.compile("\\\\boxed\\{([^}]*)}"), 1);
    assertThat(e.extract("try \\boxed{3} no, \\boxed{ 4 }")).hasValue("4");
    assertThat(e.extract("no box")).isEmpty();
    assertThatThrownBy(() -> AnswerExtractor.regex(Pattern.compile("(a)"), 2))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("group 2");
  }

  @Test
  void lastNumberIsCanonical() {
    AnswerExtractor e = AnswerExtractor.lastNumber();
    assertThat(e.extract("it costs 7,000.50 dollars")).hasValue("7000.5");
    assertThat(e.extract("between 3 and 7000.00")).hasValue("7000");
    assertThat(e.extract("-0.0")).hasValue("0");
    assertThat(e.extract("-12")).hasValue("-12");
    assertThat(e.extract("in Q1 of v2")).isEmpty();
    assertThat(e.extract("none")).isEmpty();
  }

  @Test
  void mapNormalisesAndDropsBlankAnswers() {
    AnswerExtractor e = AnswerExtractor.lastLine().map(s -> s.toLowerCase(Locale.ROOT).replace(".", ""));
    assertThat(e.extract("Paris.")).hasValue("paris");
    assertThat(e.extract("...")).isEmpty();
  }
}
