package ai.tao.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.StepMetrics;
import ai.tao.api.TaoEvent;
import ai.tao.api.TrainStepResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  static StepMetrics step(int step, double reward, double truncated, TrainStepResult train) {
    return new StepMetrics(0, step, OptionalDouble.of(reward), 0.1, 1.0, 0.25, truncated, 900, 1.0, train);
  }

  @Test
  void printsStepsWithEtaAndSaysWhyAStepWasSkipped() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    p.onEvent(new TaoEvent.RunStarted(Map.of("rounds", 2)));
    p.onEvent(new TaoEvent.RoundStarted(0, 16));
    p.onEvent(new TaoEvent.StepCompleted(step(0, 0.5, 0.5, TrainStepResult.ran().loss(0.1).kl(0.01).entropy(1.25)
        .clipFraction(0).build()), 4));
    p.onEvent(new TaoEvent.StepCompleted(step(1, 1.0, 0, TrainStepResult.skipped(
        TrainStepResult.SkipReason.NO_TOKENS, "no candidate with a non-zero advantage has a token", 0, Map.of())), 4));
    p.onEvent(new TaoEvent.RoundCompleted(0, 2, Optional.empty(), Optional.empty()));
    p.onEvent(new TaoEvent.RunCompleted(75));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("round 1/2: 16 prompts")
        .contains("round 1 step 1/4 reward 0.500±0.100").contains("truncated 50%").contains("kl 0.0100")
        .contains("entropy 1.25").contains("step 2/4 reward 1.000")
        .contains("skipped (no candidate with a non-zero advantage has a token)").contains("eta ")
        .contains("done after 2 steps").contains("run done in 1m15s");
    assertThat(out.lines().filter(l -> l.contains("step 2/4")).findFirst().orElseThrow()).doesNotContain("NaN")
        .doesNotContain("entropy").doesNotContain("unanimous");
  }

  @Test
  void aStepWhereNothingWasJudgedSaysSo() {
    StepMetrics m = new StepMetrics(0, 0, OptionalDouble.empty(), 0, 0, 1, 0, 10, 1, TrainStepResult.skipped(
        TrainStepResult.SkipReason.NO_SIGNAL, "all 8 advantages are zero", 0, Map.of()));
    String line = ConsoleProgress.line(new TaoEvent.StepCompleted(m, 1), 1);
    assertThat(line).contains("reward n/a").contains("judged 0%").contains("all 8 advantages are zero");
  }
}
