package ai.tao.core.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CollapseStop;
import ai.tao.api.StepMetrics;
import ai.tao.api.TrainStepResult;
import ai.tao.core.loop.CollapseGuard;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What a resume state carries reads back equal to what was written, the awkward doubles included. */
class StateJsonTest {

  static JsonNode viaText(JsonNode n) throws Exception {
    return StateJson.JSON.readTree(StateJson.JSON.writeValueAsString(n));
  }

  @Test
  void stepMetricsRoundTripExactly() throws Exception {
    TrainStepResult ran = TrainStepResult.ran().loss(Double.NaN).kl(0.1 + 0.2).entropy(Double.POSITIVE_INFINITY)
        .gradNorm(1e-300).sequences(3).tokens(7).seconds(0.25).extra("x", Double.NEGATIVE_INFINITY).build();
    TrainStepResult skipped = TrainStepResult.skipped(TrainStepResult.SkipReason.NO_SIGNAL, "all alike", 0.5,
        Map.of("skipped_steps", 2.0));
    for (TrainStepResult t : List.of(ran, skipped)) {
      StepMetrics m = new StepMetrics(1, 4, t.skipped() ? OptionalDouble.empty() : OptionalDouble.of(1 / 3.0), 0.1,
          1.0, 0.5, 0.0, 12, 0.75, t, OptionalDouble.of(0.25), Map.of("format", 0.5), Map.of("calls", 6.0));
      assertThat(StateJson.stepMetrics(viaText(StateJson.write(m)))).isEqualTo(m);
    }
  }

  @Test
  void collapseStopsAndMonitorMemoryRoundTrip() throws Exception {
    CollapseStop stop = new CollapseStop(0, 5, CollapseStop.Reason.KL_BUDGET, OptionalInt.of(2), "round 1 stopped");
    assertThat(StateJson.collapseStop(viaText(StateJson.write(stop)))).isEqualTo(stop);
    CollapseStop kept = new CollapseStop(1, 3, CollapseStop.Reason.SHARED_ANSWER, OptionalInt.empty(), "kept");
    assertThat(StateJson.collapseStop(viaText(StateJson.write(kept)))).isEqualTo(kept);
    CollapseGuard.MonitorState s = new CollapseGuard.MonitorState(List.of(0.1, Double.NaN), List.of(1.0, 0.5),
        List.of(0.3), List.of(0.125, 0.25), List.of());
    assertThat(StateJson.monitorState(viaText(StateJson.write(s)))).isEqualTo(s);
  }
}
