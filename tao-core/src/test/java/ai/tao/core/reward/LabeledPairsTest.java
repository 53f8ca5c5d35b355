package ai.tao.core.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.api.DataInputException;
import ai.tao.api.Grader;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.LabeledExample;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LabeledPairsTest {
  private static final SamplingParams SAMPLING = SamplingParams.builder().candidatesPerPrompt(6).temperature(1.0)
      .maxNewTokens(3).seed(4).build();

  private static List<LabeledExample> labeled() {
    return List.of(new LabeledExample(Prompt.ofText("a", "one:"), "1"),
        new LabeledExample(Prompt.ofText("b", "two:"), "2"), new LabeledExample(Prompt.ofText("c", "three:"), "3"));
  }

  @Test
  void theLabelIsChosenAndThePolicysWrongSamplesAreRejected() {
    Grader exact = Grader.of("exact", (c, r) -> c.strip().equals(r), c -> Optional.of(c.strip()));
    try (DecoderPolicy p = DecoderPolicy.fresh("t", RewardFixtures.tinyConfig(true), ByteTokenizer.create(), 2)) {
      List<PreferencePair> pairs = LabeledPairs.mine(p, labeled(), exact, SAMPLING, 4, 2);
      assertThat(pairs).isNotEmpty();
      assertThat(pairs).allSatisfy(pair -> {
        String label = labeled().stream().filter(l -> l.prompt().text().equals(pair.prompt())).findFirst()
            .orElseThrow().response();
        assertThat(pair.chosen()).isEqualTo(label);
        assertThat(exact.correct(null, pair.rejected(), label)).isFalse();
      });
      assertThat(pairs.stream().collect(Collectors.groupingBy(PreferencePair::prompt, Collectors.counting())))
          .allSatisfy((prompt, n) -> assertThat(n).isBetween(1L, 4L));
      assertThat(LabeledPairs.mine(p, labeled(), exact, SAMPLING, 4, 2)).as("seeded").isEqualTo(pairs);
    }
  }

  @Test
  void aPromptWhoseSamplesAreAllRightGivesNoPair() {
    Grader lenient = Grader.of("any", (c, r) -> true, c -> Optional.of(c));
    try (DecoderPolicy p = DecoderPolicy.fresh("t", RewardFixtures.tinyConfig(true), ByteTokenizer.create(), 2)) {
      assertThat(LabeledPairs.mine(p, labeled(), lenient, SAMPLING, 4, 8)).isEmpty();
      List<LabeledExample> chat = List.of(new LabeledExample(
          Prompt.ofMessages("m", List.of(new ChatMessage("user", "hi"))), "x"));
      assertThatThrownBy(() -> LabeledPairs.mine(p, chat, lenient, SAMPLING, 4, 8))
          .isInstanceOf(DataInputException.class).hasMessageContaining("'m'");
    }
  }

  @Test
  void theChosenLabelReadsAsASampledTextWould() {
    assertThat(LabeledPairs.asSampled("412\n", List.of("\n"))).isEqualTo("412");
    assertThat(LabeledPairs.asSampled("a;b\nc", List.of("\n", ";"))).isEqualTo("a");
    assertThat(LabeledPairs.asSampled("412", List.of())).isEqualTo("412");
    Grader exact = Grader.of("exact", (c, r) -> c.strip().equals(r.strip()), c -> Optional.of(c.strip()));
    List<LabeledExample> newlineLabels = List.of(new LabeledExample(Prompt.ofText("a", "one:"), "1\n"));
    try (DecoderPolicy p = DecoderPolicy.fresh("t", RewardFixtures.tinyConfig(true), ByteTokenizer.create(), 2)) {
      List<PreferencePair> pairs = LabeledPairs.mine(p, newlineLabels, exact,
          SAMPLING.toBuilder().stopStrings("\n").build(), 4, 2);
      assertThat(pairs).isNotEmpty().allMatch(pair -> pair.chosen().equals("1"));
    }
  }
}
