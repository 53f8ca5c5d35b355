package ai.tao.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.TaoEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  @Test
  void printsStepsWithEtaAndSaysWhenAStepWasSkipped() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    p.onEvent(new TaoEvent.RunStarted(Map.of("rounds", 2)));
    p.onEvent(new TaoEvent.RoundStarted(0, 16));
    p.onEvent(new TaoEvent.StepCompleted(0, 0, 4, Map.of("reward_mean", 0.5, "reward_std", 0.1, "kl", 0.01,
        "entropy", 1.25, "skipped", 0.0)));
    p.onEvent(new TaoEvent.StepCompleted(0, 1, 4, Map.of("reward_mean", 1.0, "reward_std", 0.0, "answer_diversity", 0.25,
        "tokens_per_s", 900.0, "skipped", 1.0)));
    p.onEvent(new TaoEvent.RoundCompleted(0, Map.of(), Optional.empty()));
    p.onEvent(new TaoEvent.RunCompleted(75));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("round 1/2: 16 prompts")
        .contains("round 1 step 1/4 reward 0.500±0.100").contains("kl 0.0100").contains("entropy 1.25")
        .contains("step 2/4 reward 1.000").contains("skipped (every group unanimous)").contains("eta ")
        .contains("run done in 1m15s");
    assertThat(out.lines().filter(l -> l.contains("step 2/4")).findFirst().orElseThrow()).doesNotContain("NaN").doesNotContain("entropy");
  }
}
