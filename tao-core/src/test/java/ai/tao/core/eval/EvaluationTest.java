package ai.tao.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.FinishReason;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.core.train.LabeledExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  /** A policy that answers each prompt with fixed texts: greedy gives the first, sampling all of them. */
  static Policy scripted(Map<String, List<String>> answers) {
    return new Policy() {
      @Override
      public String name() {
        return "scripted";
      }

      @Override
      public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
        List<Rollout> out = new ArrayList<>();
        for (Prompt p : prompts) {
          List<String> texts = answers.get(p.id());
          List<Completion> cs = new ArrayList<>();
          for (int i = 0; i < params.candidatesPerPrompt(); i++) {
            cs.add(new Completion(texts.get(i % texts.size()), new int[] {1}, new float[] {-1}, FinishReason.EOS));
          }
          out.add(new Rollout(p, new int[] {0}, params, cs));
        }
        return out;
      }

      @Override
      public void save(Path dir) {}

      @Override
      public void close() {}
    };
  }

  static final List<LabeledExample> EXAMPLES = List.of(new LabeledExample(Prompt.ofText("a", "1+1="), "2"),
      new LabeledExample(Prompt.ofText("b", "2+2="), "4"), new LabeledExample(Prompt.ofText("c", "3+3="), "6"),
      new LabeledExample(Prompt.ofText("d", "4+4="), "8"));

  static final Policy POLICY = scripted(Map.of("a", List.of("2", "3", "2", "2"), "b", List.of("5", "4", "4", "5"),
      "c", List.of("6", "7", "7", "7"), "d", List.of("x", "y", "9", "8")));

  static final Evaluation EVAL = Evaluation.builder().examples(EXAMPLES).grader(Graders.numeric(0)).build();

  @Test
  void passAtOneGradesTheGreedyAnswerWithAWilsonInterval() {
    EvalResult r = EVAL.passAt1(POLICY);
    assertThat(r.perExample()).containsExactly(1.0, 0.0, 1.0, 0.0);
    assertThat(r.value()).isEqualTo(0.5);
    // Wilson 95% for 2 of 4
    assertThat(r.ci95().low()).isCloseTo(0.1500, within(1e-4));
    assertThat(r.ci95().high()).isCloseTo(0.8500, within(1e-4));
  }

  @Test
  void majorityVotesByAnswerKeyTiesGoingToTheFirstSeen() {
    EvalResult r = EVAL.majorityAtN(POLICY, SamplingParams.builder().candidatesPerPrompt(4).build());
    // a: 2 wins; b: 5 and 4 tie, 5 came first (wrong); c: 7 wins (wrong); d: "x" and "y" give no answer, 9 and 8 tie, 9 first
    assertThat(r.perExample()).containsExactly(1.0, 0.0, 0.0, 0.0);
    assertThat(r.metric()).isEqualTo("majority@4");
  }

  @Test
  void passAtKIsTheUnbiasedEstimator() {
    assertThat(Evaluation.passAtK(4, 1, 1)).isCloseTo(0.25, within(1e-12));
    assertThat(Evaluation.passAtK(4, 1, 2)).isCloseTo(0.5, within(1e-12)); // 1 - C(3,2)/C(4,2)
    assertThat(Evaluation.passAtK(4, 3, 2)).isEqualTo(1.0);
    assertThat(Evaluation.passAtK(4, 0, 3)).isZero();
    EvalResult r = EVAL.passAtK(POLICY, SamplingParams.builder().candidatesPerPrompt(4).build(), 2);
    // correct samples 3, 2, 1, 1 of 4: 1, 1 - C(2,2)/C(4,2) = 5/6, 1/2, 1/2
    assertThat(r.perExample().get(0)).isEqualTo(1.0);
    assertThat(r.perExample().get(1)).isCloseTo(5 / 6.0, within(1e-12));
    assertThat(r.perExample().subList(2, 4)).containsExactly(0.5, 0.5);
    assertThatThrownBy(() -> EVAL.passAtK(POLICY, SamplingParams.builder().candidatesPerPrompt(4).build(), 5))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("k 5");
  }

  @Test
  void gradersNormaliseAnswers() {
    Prompt p = Prompt.ofText("p", "q");
    assertThat(Graders.exactMatch().correct(p, "  the   answer ", "the answer")).isTrue();
    assertThat(Graders.exactMatch(java.util.regex.Pattern.compile("Answer: (\\w+)")).correct(p,
        "thinking... Answer: seven", "seven")).isTrue();
    assertThat(Graders.numeric(0.01).correct(p, "about 1,000.5 units", "1000")).isTrue();
    assertThat(Graders.numeric(0).correct(p, "1001", "1000")).isFalse();
    assertThat(Graders.numeric(0).answerKey(p, "no number")).isEmpty();
    assertThat(ConfidenceInterval.ofMean(List.of(0.5, 0.6, 0.7)).halfWidth()).isCloseTo(4.303 * 0.1 / Math.sqrt(3),
        within(1e-9));
  }
}
