package ai.tao.core.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {
  static JsonNode json(String s) throws Exception {
    return StateJson.JSON.readTree(s);
  }

  @Test
  void everyDifferingLeafIsNamedByItsPath() throws Exception {
    JsonNode then = json("{\"seed\":1,\"trainer\":{\"lr\":0.01,\"clip\":0.2},\"stop\":[\"a\"]}");
    JsonNode now = json("{\"seed\":1,\"trainer\":{\"lr\":0.02,\"clip\":0.2},\"stop\":[\"b\"],\"extra\":true}");
    assertThat(SettingsCheck.differences(then, now, "")).containsExactly(
        "trainer.lr: 0.01 in the interrupted run, 0.02 now", "stop[0]: a in the interrupted run, b now",
        "extra: (absent) in the interrupted run, true now");
    assertThat(SettingsCheck.differences(then, then, "")).isEmpty();
  }

  @Test
  void objectIdentitiesDifferInEveryJvmAndAreNotCompared() throws Exception {
    JsonNode then = json("{\"scorer\":\"my.Scorer@1b6d3586\",\"adv\":\"my.App$$Lambda$14/0x0000000800c01234@5e\"}");
    JsonNode now = json("{\"scorer\":\"my.Scorer@4554617c\",\"adv\":\"my.App$$Lambda$15/0x0000000800c05678@7a\"}");
    assertThat(SettingsCheck.differences(then, now, "")).isEmpty();
    assertThat(SettingsCheck.differences(json("{\"s\":\"Regex[^a]\"}"), json("{\"s\":\"Regex[^b]\"}"), ""))
        .hasSize(1);
  }
}
