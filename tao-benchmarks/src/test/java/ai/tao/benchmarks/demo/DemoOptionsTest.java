package ai.tao.benchmarks.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {

  @Test
  void defaultsAreTheReadmesAndAnUnknownOptionListsThemAll() {
    DemoOptions o = DemoOptions.parse(new String[0]);
    assertThat(o.seeds).isEqualTo(1);
    assertThat(o.temperature).isEqualTo(1.5);
    assertThat(o.topK).isEqualTo(3);
    assertThat(o.control).isFalse();
    assertThat(DemoOptions.parse(new String[] {"--control", "--seeds", "3"}).control).isTrue();
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--contrl"}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("--contrl")
        .hasMessageContaining("--control").hasMessageContaining("--ablation-only");
  }

  @Test
  void theControlIsReportedBesideTaoOnlyWhenItRan(@TempDir Path dir) throws Exception {
    DemoResult r = new DemoResult(200);
    r.taoBySeed.addAll(List.of(0.5, 0.6));
    Path without = dir.resolve("a.json");
    r.write(without);
    assertThat(new ObjectMapper().readTree(without.toFile()).has("random_reward_pass_at_1")).isFalse();

    r.randomBySeed.addAll(List.of(0.25, 0.35));
    Path with = dir.resolve("b.json");
    r.write(with);
    JsonNode n = new ObjectMapper().readTree(with.toFile());
    assertThat(n.get("random_reward_pass_at_1").asDouble()).isEqualTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(n.get("random_reward_pass_at_1_by_seed")).hasSize(2);
    assertThat(r.table(16, 64)).contains("random rewards (control)").contains("30.0%");
  }
}
