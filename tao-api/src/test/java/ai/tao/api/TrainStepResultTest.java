package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainStepResultTest {

  @Test
  void aStepThatRanCarriesTypedFieldsAndExtras() {
    TrainStepResult r = TrainStepResult.ran().loss(0.3).kl(0.01).clipFraction(0.1).gradNorm(2).sequences(4)
        .tokens(40).seconds(0.5).extra("groups_dropped", 1).build();
    assertThat(r.skipped()).isFalse();
    assertThat(r.kl()).hasValue(0.01);
    assertThat(r.entropy()).isEmpty();
    assertThat(r.toMap()).containsEntry("loss", 0.3).containsEntry("kl", 0.01).containsEntry("groups_dropped", 1.0)
        .doesNotContainKey("entropy");
  }

  @Test
  void nanLossIsReportedNotRejected() {
    assertThat(TrainStepResult.ran().loss(Double.NaN).build().loss()).isNaN();
  }

  @Test
  void aSkippedStepSaysWhyAndHasNoNumbers() {
    TrainStepResult r = TrainStepResult.skipped(TrainStepResult.SkipReason.NO_SIGNAL, "all scores equal", 0.1,
        Map.of());
    assertThat(r.skip()).get().extracting(TrainStepResult.Skip::reason).isEqualTo(TrainStepResult.SkipReason.NO_SIGNAL);
    assertThat(r.kl()).isEmpty();
    assertThat(r.toMap()).containsEntry("skipped", 1.0).doesNotContainKey("loss");
    assertThatThrownBy(() -> TrainStepResult.skipped(TrainStepResult.SkipReason.OTHER, " ", 0, Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("why");
  }

  @Test
  void rejectsNegativeCounts() {
    assertThatThrownBy(() -> TrainStepResult.ran().sequences(-1).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("-1");
  }
}
