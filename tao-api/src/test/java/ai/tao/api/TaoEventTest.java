package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaoEventTest {

  @Test
  void listenerOfReceivesEveryEventInOrder() {
    List<TaoEvent> seen = new ArrayList<>();
    TaoListener listener = TaoListener.of(seen::add);
    List<TaoEvent> events =
        List.of(
            new TaoEvent.RunStarted(Map.of("rounds", 2)),
            new TaoEvent.RunResumed(3, 0, 3, Path.of("run/state/step-00000003")),
            new TaoEvent.RoundStarted(0, 16),
            new TaoEvent.StepCompleted(metrics(0), 4),
            new TaoEvent.StateSaved(4, 0, 1, Path.of("run/state/step-00000004")),
            new TaoEvent.CollapseDetected(new CollapseStop(0, 1, CollapseStop.Reason.KL_BUDGET,
                java.util.OptionalInt.of(0), "round 1 stopped after step 1")),
            new TaoEvent.RoundCompleted(0, 1, Optional.of(metrics(0)), Optional.of(Path.of("ckpt/0"))),
            new TaoEvent.Warning("no learning signal"),
            new TaoEvent.RunCompleted(1.5));
    events.forEach(listener::onEvent);
    assertThat(seen).containsExactlyElementsOf(events);
  }

  @Test
  void defaultListenerIgnoresEvents() {
    TaoListener.noop().onEvent(new TaoEvent.RunCompleted(0));
    new TaoListener() {}.onEvent(new TaoEvent.RoundStarted(1, 0));
  }

  @Test
  void runStartedKeepsConfigOrderAndIsImmutable() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model", "tiny");
    config.put("rounds", 3);
    config.put("temperature", 1.0);
    TaoEvent.RunStarted e = new TaoEvent.RunStarted(config);
    config.put("late", "x");
    assertThat(e.config().keySet()).containsExactly("model", "rounds", "temperature");
    assertThatThrownBy(() -> e.config().put("k", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static StepMetrics metrics(int step) {
    return new StepMetrics(0, step, java.util.OptionalDouble.of(0.5), 0.1, 1, 0.5, 0, 10, 0.1,
        TrainStepResult.ran().loss(0.1).build());
  }

  @Test
  void stepMustBeWithinTotal() {
    assertThatThrownBy(() -> new TaoEvent.StepCompleted(metrics(4), 4))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("step 4")
        .hasMessageContaining("totalSteps 4");
  }

  @Test
  void rejectsNegativeRoundAndBadDurations() {
    assertThatThrownBy(() -> new TaoEvent.RoundStarted(-1, 3))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("round");
    assertThatThrownBy(() -> new TaoEvent.RunCompleted(-0.5))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new TaoEvent.Warning(""))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new TaoEvent.RoundCompleted(0, 0, Optional.empty(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new TaoEvent.RunResumed(-1, 0, 0, Path.of("s")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("stepsDone");
    assertThatThrownBy(() -> new TaoEvent.StateSaved(1, 0, -1, Path.of("s")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("step");
    assertThatThrownBy(() -> new TaoEvent.StateSaved(1, 0, 0, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void eventsAreExhaustivelyKnown() {
    assertThat(TaoEvent.class.isSealed()).isTrue();
    // 0.4 added RunResumed and StateSaved (resume states): a switch over the events must know them
    assertThat(TaoEvent.class.getPermittedSubclasses()).hasSize(9);
  }
}
