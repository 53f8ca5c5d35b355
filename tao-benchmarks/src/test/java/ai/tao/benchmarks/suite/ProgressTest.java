package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void theEtaComesFromTheUnitsThatRanNotFromCachedOnes() {
    List<String> lines = new ArrayList<>();
    Progress p = new Progress(lines::add);
    for (int i = 0; i < 4; i++) {
      p.plan(10);
    }
    assertThat(p.eta()).isEqualTo("unknown");
    p.done("a", 10, 0, true);
    assertThat(p.eta()).as("a cached unit tells nothing of the rate").isEqualTo("unknown");
    p.done("b", 10, 30, false);
    // 30 s per 10 of cost; 20 of cost left
    assertThat(p.eta()).isEqualTo("1m00s");
    assertThat(lines.get(1)).startsWith("[suite] 2/4 b in 30 s;").endsWith("ETA 1m00s");
    assertThat(lines.get(0)).contains("(cached)");
  }

  @Test
  void clockReadsHoursMinutesAndSeconds() {
    assertThat(Progress.clock(42)).isEqualTo("42s");
    assertThat(Progress.clock(125)).isEqualTo("2m05s");
    assertThat(Progress.clock(3 * 3600 + 7 * 60 + 5)).isEqualTo("3h07m");
  }
}
