package ai.tao.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.index.NDIndex;
import ai.tao.api.ConfigurationException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import org.junit.jupiter.api.Test;

class HealthySnapshotsTest {
  private static final String W = "model.norm.weight";

  private static ModelWeights weights() {
    ModelConfig c = ModelConfig.builder().hiddenSize(8).intermediateSize(16).numLayers(1).numHeads(2)
        .vocabSize(6).maxPositions(8).build();
    return ModelWeights.randomInit(c, TaoRuntime.newManager(), 1, 0.1);
  }

  /** Marks the live weights with the update count, runs {@code updates} updates, trips, returns the restored mark. */
  private static float tripAfter(int every, int minAge, int updates) {
    try (ModelWeights live = weights()) {
      live.get(W).set(new NDIndex("0"), 0f);
      return tripAfter(live, new HealthySnapshots(live, every, minAge), updates);
    }
  }

  private static float tripAfter(ModelWeights live, HealthySnapshots snaps, int updates) {
    try (snaps) {
      for (int u = 1; u <= updates; u++) {
        live.get(W).set(new NDIndex("0"), (float) u);
        if (u < updates) {
          snaps.afterHealthyUpdate(u);
        }
      }
      int at = snaps.restore(updates);
      float mark = live.get(W).getFloat(0);
      assertThat(mark).isEqualTo((float) at);
      return mark;
    }
  }

  @Test
  void restoresTheNewestSnapshotOldEnough() {
    assertThat(tripAfter(10, 8, 25)).isEqualTo(10f); // 20 is only 5 updates old; 10 is 15 old
    assertThat(tripAfter(10, 8, 29)).isEqualTo(20f); // 20 is 9 old
    assertThat(tripAfter(10, 8, 28)).isEqualTo(10f); // 20 is 8 old: the window's first step sampled from it
    assertThat(tripAfter(10, 8, 5)).isEqualTo(0f); // nothing but the start
  }

  @Test
  void withoutPeriodicSnapshotsTheRoundStartComesBack() {
    assertThat(tripAfter(0, 8, 37)).isEqualTo(0f);
  }

  @Test
  void snapshotsYoungerThanTheWindowAreRefused() {
    assertThatThrownBy(() -> new CollapseGuard(0.5, 4, 0.1, 0.25, 5)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("snapshotEvery");
  }
}
