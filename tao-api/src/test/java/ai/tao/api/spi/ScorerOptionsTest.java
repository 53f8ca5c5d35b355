package ai.tao.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScorerOptionsTest {

  private final ScorerOptions options =
      ScorerOptions.of("name", "json", "weight", " 0.25 ", "max", "200", "strict", "TRUE");

  @Test
  void typedGettersParse() {
    assertThat(options.string("name", "x")).isEqualTo("json");
    assertThat(options.doubleValue("weight", 1.0)).isEqualTo(0.25);
    assertThat(options.intValue("max", 0)).isEqualTo(200);
    assertThat(options.bool("strict", false)).isTrue();
    assertThat(options.has("max")).isTrue();
    assertThat(options.get("nope")).isEmpty();
  }

  @Test
  void missingKeysGiveDefaults() {
    ScorerOptions none = ScorerOptions.empty();
    assertThat(none.string("k", "d")).isEqualTo("d");
    assertThat(none.doubleValue("k", 1.5)).isEqualTo(1.5);
    assertThat(none.intValue("k", 7)).isEqualTo(7);
    assertThat(none.bool("k", true)).isTrue();
    assertThat(none.values()).isEmpty();
  }

  @Test
  void badDoubleNamesKeyAndValue() {
    assertThatThrownBy(() -> ScorerOptions.of("weight", "heavy").doubleValue("weight", 1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'weight'")
        .hasMessageContaining("'heavy'")
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @Test
  void badIntNamesKeyAndValue() {
    assertThatThrownBy(() -> ScorerOptions.of("max", "2.5").intValue("max", 1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'max'")
        .hasMessageContaining("'2.5'");
  }

  @Test
  void boolAcceptsOnlyTrueOrFalse() {
    assertThat(ScorerOptions.of("b", "False").bool("b", true)).isFalse();
    assertThatThrownBy(() -> ScorerOptions.of("b", "yes").bool("b", false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'b'")
        .hasMessageContaining("'yes'");
    assertThatThrownBy(() -> ScorerOptions.of("b", "ture").bool("b", false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'ture'");
  }

  @Test
  void ofRejectsOddCountAndRepeatedKeys() {
    assertThatThrownBy(() -> ScorerOptions.of("a", "1", "b"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("odd");
    assertThatThrownBy(() -> ScorerOptions.of("a", "1", "a", "2"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'a'");
  }

  @Test
  void rejectsBlankKey() {
    assertThatThrownBy(() -> new ScorerOptions(Map.of(" ", "v")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void valuesAreCopiedInOrder() {
    Map<String, String> map = new HashMap<>(Map.of("a", "1"));
    ScorerOptions copy = new ScorerOptions(map);
    map.put("b", "2");
    assertThat(copy.values()).containsOnlyKeys("a");
    assertThat(options.values().keySet()).containsExactly("name", "weight", "max", "strict");
    assertThatThrownBy(() -> copy.values().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requireOnlyNamesUnknownAndKnownKeys() {
    assertThat(options.requireOnly("json-valid", Set.of("name", "weight", "max", "strict")))
        .isSameAs(options);
    assertThatThrownBy(() -> options.requireOnly("json-valid", Set.of("name", "weight")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'json-valid'")
        .hasMessageContaining("[max, strict]")
        .hasMessageContaining("[name, weight]");
  }
}
