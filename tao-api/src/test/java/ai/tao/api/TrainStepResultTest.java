package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainStepResultTest {

  @Test
  void ofRanWithMetrics() {
    TrainStepResult r = TrainStepResult.of(Map.of("loss", 0.3));
    assertThat(r.skipped()).isFalse();
    assertThat(r.skipReason()).isEmpty();
    assertThat(r.metrics()).containsEntry("loss", 0.3);
  }

  @Test
  void nanMetricIsReportedNotRejected() {
    assertThat(TrainStepResult.of(Map.of("loss", Double.NaN)).metrics().get("loss")).isNaN();
  }

  @Test
  void skippedNeedsReason() {
    assertThat(TrainStepResult.skipped("all scores equal").skipReason()).isEqualTo("all scores equal");
    assertThatThrownBy(() -> TrainStepResult.skipped(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrainStepResult(Map.of(), false, "why"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("why");
  }
}
