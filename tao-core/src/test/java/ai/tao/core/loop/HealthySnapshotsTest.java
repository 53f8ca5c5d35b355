package ai.tao.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.core.UnigramPolicy;
import ai.tao.core.UnigramPolicyAccess;
import org.junit.jupiter.api.Test;

class HealthySnapshotsTest {

  /** Marks the weights with the update count, runs {@code updates} updates, trips, returns the restored mark. */
  private static double tripAfter(int every, int minAge, int updates) {
    UnigramPolicy live = new UnigramPolicy(2);
    UnigramPolicyAccess.mark(live, 0);
    try (HealthySnapshots snaps = new HealthySnapshots(live, every, minAge)) {
      for (int u = 1; u <= updates; u++) {
        UnigramPolicyAccess.mark(live, u);
        if (u < updates) {
          snaps.afterHealthyUpdate(u);
        }
      }
      int at = snaps.restore(updates);
      double mark = UnigramPolicyAccess.mark(live);
      assertThat(mark).isEqualTo(at);
      return mark;
    }
  }

  @Test
  void restoresTheNewestSnapshotOldEnough() {
    assertThat(tripAfter(10, 8, 25)).isEqualTo(10); // 20 is only 5 updates old; 10 is 15 old
    assertThat(tripAfter(10, 8, 29)).isEqualTo(20); // 20 is 9 old
    assertThat(tripAfter(10, 8, 28)).isEqualTo(10); // 20 is 8 old: the window's first step sampled from it
    assertThat(tripAfter(10, 8, 5)).isEqualTo(0); // nothing but the start
  }

  @Test
  void withoutPeriodicSnapshotsTheRoundStartComesBack() {
    assertThat(tripAfter(0, 8, 37)).isEqualTo(0);
  }

  @Test
  void snapshotsYoungerThanTheWindowAreRefused() {
    assertThatThrownBy(() -> new CollapseGuard(0.5, 3, 4, 0.1, 0.25, 0.5, 0.25, 5, true))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("snapshotEvery");
  }
}
