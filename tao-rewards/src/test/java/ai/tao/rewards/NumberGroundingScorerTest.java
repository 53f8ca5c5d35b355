package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NumberGroundingScorerTest extends ScorerContract {

  /** A document with four numbers: 412, 230, 95 and 1,200. */
  private static final String DOC = "Totals: alpha 412, beta 230, gamma 95, delta 1,200.\nQ: what is it?\nA: ";

  @Override
  protected Scorer scorer() {
    return NumberGroundingScorer.builder().build();
  }

  @Override
  protected List<CandidateGroup> groups() {
    List<CandidateGroup> groups = new ArrayList<>(super.groups());
    groups.add(group("doc", DOC, "182", "999", "", "the answer is 412 and 7"));
    return groups;
  }

  private static double[] scores(String... answers) {
    return values(NumberGroundingScorer.builder().build().score(group("doc", DOC, answers)));
  }

  @Test
  void aNumberOfThePromptIsGrounded() {
    // 1,200 and 1200 are one number; a unit after it does not matter.
    assertThat(scores("412", "230\n", "1200", "1,200", "95%", "It was 95.")).containsOnly(1.0);
  }

  @Test
  void oneOperationOnTwoNumbersOfThePromptIsGrounded() {
    // 412 - 230, 230 - 412, 412 + 95, 412 * 230, 1200 / 95 = 12.63..., 100 * 95 / 412 = 23.06...
    assertThat(scores("182", "-182", "507", "94760", "12.63", "23", "23.1")).containsOnly(1.0);
    // the percent change (1200 - 412) / 412 = 191.26...%
    assertThat(scores("191.3")).containsExactly(1.0);
  }

  @Test
  void roundingToleranceFollowsThePrecisionWritten() {
    // 100 * 95 / 412 = 23.058...: "23", "23.1" and "23.06" are it rounded; "23.2" is not, and "23.0"
    // claims a precision that 23.058 does not round to
    assertThat(scores("23", "23.1", "23.06", "23.2", "23.0")).containsExactly(1.0, 1.0, 1.0, 0.0, 0.0);
    // 230 / 412 = 0.5582...: 0.56 and 1 (rounded to a whole) are grounded, 0.55 is not
    assertThat(scores("0.56", "0.55")).containsExactly(1.0, 0.0);
  }

  @Test
  void anInventedOrGarbledNumberScoresZeroNamingIt() {
    List<Score> s = NumberGroundingScorer.builder().build().score(group("doc", DOC, "183", "412 or 4120", "999"));

    assertThat(values(s)).containsExactly(0.0, 0.0, 0.0);
    assertThat(s.get(0).reason()).isEqualTo(
        "ungrounded number 183: neither in the prompt nor one operation on two of its numbers");
    assertThat(s.get(1).reason()).startsWith("ungrounded number 4120:");
    assertThat(s.get(1).components()).containsEntry("numbers", 2.0).containsEntry("ungrounded", 1.0);
    assertThat(s.get(0).applicable()).isTrue();
  }

  @Test
  void twoOperationsAreNotOne() {
    // 412 - 230 - 95 = 87 needs two operations
    assertThat(scores("87")).containsExactly(0.0);
  }

  @Test
  void aNumberOnlyOnceInThePromptIsNotCombinedWithItself() {
    // 412 + 412 = 824 would need 412 twice
    assertThat(scores("824")).containsExactly(0.0);
  }

  @Test
  void digitsInsideWordsAreNotNumbers() {
    CandidateGroup g = group("p", "Report FY2021: sales 40, costs 10.", "2021", "30", "FY2021 30");
    List<Score> s = NumberGroundingScorer.builder().build().score(g);

    assertThat(values(s)).containsExactly(0.0, 1.0, 1.0);
  }

  @Test
  void anAnswerWithoutANumberScoresZeroOrIsNotApplicable() {
    Score strict = NumberGroundingScorer.builder().build().score(group("doc", DOC, "no idea")).get(0);
    Score lenient = NumberGroundingScorer.builder().requireNumber(false).build()
        .score(group("doc", DOC, "no idea")).get(0);

    assertThat(strict.value()).isZero();
    assertThat(strict.applicable()).isTrue();
    assertThat(strict.reason()).isEqualTo("no number in the answer");
    assertThat(lenient.applicable()).isFalse();
  }

  @Test
  void anExtractorLimitsWhichNumbersCount() {
    NumberGroundingScorer s = NumberGroundingScorer.builder()
        .answer(AnswerExtractor.regex(Pattern.compile("Answer: (.*)"), 1)).build();

    // 7 in the reasoning is ignored; a completion the pattern misses has no answer
    assertThat(values(s.score(group("doc", DOC, "step 7\nAnswer: 182", "182")))).containsExactly(1.0, 0.0);
  }

  @Test
  void theDocumentOfAChatPromptIsItsUserMessages() {
    Prompt chat = Prompt.ofMessages("c", List.of(ChatMessage.system("Use numbers such as 5."),
        ChatMessage.user("Revenue 40, costs 10. Profit?")));
    NumberGroundingScorer s = NumberGroundingScorer.builder().build();

    assertThat(s.score(chat, "30").value()).isEqualTo(1.0);
    assertThat(s.score(chat, "5").value()).isZero();
  }
}
