package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.ScoredRollout;
import ai.tao.core.generate.Generators;
import ai.tao.core.policy.DecoderPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy and trainer restored from their saved state take the same next step, bit for bit. */
class GrpoTrainerStateTest {

  static List<ScoredRollout> batch(DecoderPolicy p, long seed) {
    return GrpoTrainerTest.scoreByLength(Generators.sampling().candidatesPerPrompt(4).temperature(1.0).maxNewTokens(5)
        .build().generate(p, List.of(Prompt.ofText("q1", "how many rows?"), Prompt.ofText("q2", "list names")), seed));
  }

  static GrpoTrainer grpo(DecoderPolicy p, double lr) {
    return Trainers.grpo().learningRate(lr).klCoefficient(0.05).trainer(p);
  }

  @Test
  void aRestoredTrainerTakesTheSameNextStep(@TempDir Path tmp) throws IOException {
    Path policyDir = Files.createDirectories(tmp.resolve("policy"));
    Path trainerDir = Files.createDirectories(tmp.resolve("trainer"));
    try (DecoderPolicy a = GrpoTrainerTest.bytePolicy(1); GrpoTrainer ta = grpo(a, 1e-3);
        DecoderPolicy b = GrpoTrainerTest.bytePolicy(1); GrpoTrainer tb = grpo(b, 1e-3)) {
      ta.step(batch(a, 1));
      ta.step(batch(a, 2));
      a.saveState(policyDir);
      ta.saveState(trainerDir);
      tb.restoreState(trainerDir);
      b.restoreState(policyDir);
      assertThat(b.model().weights().fingerprint()).isEqualTo(a.model().weights().fingerprint());
      List<ScoredRollout> next = batch(a, 3);
      ta.step(next);
      tb.step(next);
      assertThat(b.model().weights().fingerprint()).as("same moments, step count and counters")
          .isEqualTo(a.model().weights().fingerprint());
    }
  }

  @Test
  void aTrainerOfOtherSettingsOrAnotherReferenceIsRefused(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("trainer"));
    try (DecoderPolicy a = GrpoTrainerTest.bytePolicy(1); GrpoTrainer ta = grpo(a, 1e-3)) {
      ta.step(batch(a, 1));
      ta.saveState(dir);
    }
    try (DecoderPolicy b = GrpoTrainerTest.bytePolicy(1); GrpoTrainer faster = grpo(b, 2e-3)) {
      assertThatThrownBy(() -> faster.restoreState(dir)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("learningRate: 0.001 in the interrupted run, 0.002 now");
    }
    try (DecoderPolicy other = GrpoTrainerTest.bytePolicy(2); GrpoTrainer t = grpo(other, 1e-3)) {
      assertThatThrownBy(() -> t.restoreState(dir)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("KL reference");
    }
  }
}
