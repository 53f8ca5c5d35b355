package ai.tao.serve.flywheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.GenerationException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DifficultyFilterTest {
  static final SamplingParams FOUR = SamplingParams.builder().candidatesPerPrompt(4).temperature(1.0).build();

  static DifficultyFilter.Builder filter(Policy policy) {
    return DifficultyFilter.builder().policy(policy).sampling(FOUR);
  }

  @Test
  void aPromptAnsweredUnanimouslyIsDroppedAndASplitOneKept() {
    FakePolicy policy = new FakePolicy(Map.of(
        "2 + 2?", List.of("4", " 4\n"),
        "Who works in sales?", List.of("SELECT name FROM emp WHERE dept = 'sales'", "SELECT * FROM emp"),
        "Name a colour.", List.of("red", "", "red")));
    Prompt easy = Prompt.ofText("easy", "2 + 2?");
    Prompt split = Prompt.ofText("split", "Who works in sales?");
    Prompt noAnswerFromOne = Prompt.ofText("blank", "Name a colour.");
    DifficultyResult r = filter(policy).build().filter(List.of(easy, split, noAnswerFromOne));
    assertThat(r.dropped()).containsExactly(easy);
    assertThat(r.kept()).containsExactly(split, noAnswerFromOne);
  }

  @Test
  void anAnswerExtractorDecidesWhatCountsAsTheSameAnswer() {
    FakePolicy policy = new FakePolicy(Map.of("How many?", List.of("There are 7.", "7", "Answer: 7 items")));
    Pattern number = Pattern.compile("\\d+");
    DifficultyFilter byNumber = filter(policy).answers(text -> {
      Matcher m = number.matcher(text);
      return m.find() ? Optional.of(m.group()) : Optional.empty();
    }).build();
    Prompt p = Prompt.ofText("q", "How many?");
    assertThat(byNumber.filter(List.of(p)).dropped()).containsExactly(p);
    assertThat(filter(policy).build().filter(List.of(p)).kept()).containsExactly(p); // whole texts differ
  }

  @Test
  void promptsAreSampledInBatches() {
    FakePolicy policy = new FakePolicy(Map.of());
    List<Prompt> prompts = List.of(Prompt.ofText("a", "a"), Prompt.ofText("b", "b"), Prompt.ofText("c", "c"));
    DifficultyResult r = filter(policy).batchSize(2).build().filter(prompts);
    assertThat(r.kept()).isEqualTo(prompts);
    assertThat(policy.sampled.get()).isEqualTo(12);
  }

  @Test
  void aPolicyThatAnswersTheWrongNumberOfPromptsIsAGenerationError() {
    Policy lossy = new FakePolicy(Map.of()) {
      @Override
      public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
        return super.sample(prompts.subList(0, 1), params);
      }
    };
    assertThatThrownBy(() -> filter(lossy).build().filter(List.of(Prompt.ofText("a", "a"), Prompt.ofText("b", "b"))))
        .isInstanceOf(GenerationException.class).hasMessageContaining("1 rollouts for 2 prompts");
  }

  @Test
  void theBuilderRejectsBadSettings() {
    FakePolicy policy = new FakePolicy(Map.of());
    assertThatThrownBy(() -> DifficultyFilter.builder().sampling(FOUR).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("policy");
    assertThatThrownBy(() -> DifficultyFilter.builder().policy(policy).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("sampling");
    assertThatThrownBy(() -> DifficultyFilter.builder().policy(policy).sampling(SamplingParams.builder().build())
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("candidatesPerPrompt 1");
    assertThatThrownBy(() -> filter(policy).batchSize(0).build()).hasMessageContaining("batchSize must be > 0, got 0");
  }

  @Test
  void theDefaultAnswerIsTheStrippedText() {
    assertThat(DifficultyFilter.strippedText("  42 \n")).hasValue("42");
    assertThat(DifficultyFilter.strippedText(" \n")).isEmpty();
  }
}
