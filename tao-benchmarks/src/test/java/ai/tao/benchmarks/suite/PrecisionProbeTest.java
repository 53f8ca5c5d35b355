package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecisionProbeTest {
  private static CandidateGroup group(String... texts) {
    return new CandidateGroup(Prompt.ofText("p", "q"), java.util.Arrays.stream(texts)
        .map(t -> new Completion(t, new int[] {1}, new float[] {-1f}, FinishReason.STOP_STRING)).toList());
  }

  private static Scorer fixed(List<Score> scores) {
    return new Scorer() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public List<Score> score(CandidateGroup g) {
        return scores;
      }
    };
  }

  @Test
  void gradesTheCandidatesAboveTheirGroupsMeanAndPassesScoresThrough() {
    List<Score> scores = List.of(Score.of(1), Score.of(0), Score.of(1), Score.of(0));
    PrecisionProbe probe = new PrecisionProbe(fixed(scores), (p, text) -> text.equals("good"));
    assertThat(probe.score(group("good", "good", "bad", "bad"))).isEqualTo(scores);
    // favoured: candidates 0 and 2 (1 > mean 0.5); one of them is correct
    assertThat(probe.endStep()).isEqualTo(0.5);
    assertThat(probe.endStep()).as("a step with nothing scored").isNaN();
  }

  @Test
  void notApplicableScoresNeitherCountNorMoveTheMean() {
    List<Score> scores = List.of(Score.notApplicable("judge failed"), Score.of(0.2), Score.of(0.8));
    PrecisionProbe probe = new PrecisionProbe(fixed(scores), (p, text) -> text.equals("good"));
    probe.score(group("good", "bad", "good"));
    // mean of the applicable ones is 0.5: only candidate 2 is favoured, and it is correct
    assertThat(probe.endStep()).isEqualTo(1.0);
  }

  @Test
  void aUnanimousGroupFavoursNobody() {
    PrecisionProbe probe = new PrecisionProbe(fixed(List.of(Score.of(1), Score.of(1))), (p, text) -> true);
    probe.score(group("a", "b"));
    assertThat(probe.endStep()).isNaN();
  }
}
