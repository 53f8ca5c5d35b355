package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.benchmarks.suite.SuiteOptions.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {
  @Test
  void quickShrinksEverySizeAndLaterOptionsOverrideIt() {
    SuiteOptions o = SuiteOptions.parse(new String[] {"--steps", "5", "--quick"});
    assertThat(o.quick).isTrue();
    assertThat(o.steps).as("--quick is applied first, whatever its place").isEqualTo(5);
    assertThat(o.labelCounts).containsExactly(4, 8);
    assertThat(o.seedList()).containsExactly(100L, 101L);
  }

  @Test
  void onlyAndTasksPickParts() {
    SuiteOptions o = SuiteOptions.parse(new String[] {"--only", "labels,perf", "--tasks", "docqa"});
    assertThat(o.only).containsExactlyInAnyOrder(Part.LABELS, Part.PERF);
    assertThat(o.tasks).containsExactly("docqa");
    assertThat(o.settings().get("parts")).isEqualTo(List.of("labels", "perf"));
  }

  @Test
  void otherSizesCacheInAnotherFolder() {
    SuiteOptions full = SuiteOptions.parse(new String[0]);
    SuiteOptions quick = SuiteOptions.parse(new String[] {"--quick"});
    assertThat(full.cacheDir()).isNotEqualTo(quick.cacheDir());
    assertThat(full.cacheDir().getParent()).isEqualTo(full.out.resolve("cache"));
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--only", "tables"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'tables'").hasMessageContaining("table3");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--tasks", "chess"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'chess'");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--seeds", "0"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--seeds").hasMessageContaining("'0'");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--labels", "25,x"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'x'");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--steps"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--steps needs a value");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--frobnicate"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--frobnicate").hasMessageContaining("--quick");
  }
}
