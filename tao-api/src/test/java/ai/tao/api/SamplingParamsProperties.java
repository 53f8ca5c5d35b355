package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Negative;

class SamplingParamsProperties {

  @Property
  void anyNegativeTemperatureIsRejectedNamingFieldAndValue(@ForAll @Negative double temperature) {
    assertThatThrownBy(() -> SamplingParams.builder().temperature(temperature).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("temperature")
        .hasMessageContaining(String.valueOf(temperature));
  }

  @Property
  void anyNonPositiveMaxNewTokensIsRejectedNamingFieldAndValue(
      @ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int maxNewTokens) {
    assertThatThrownBy(() -> SamplingParams.builder().maxNewTokens(maxNewTokens).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxNewTokens")
        .hasMessageContaining(String.valueOf(maxNewTokens));
  }

  @Property
  void anyNonPositiveCandidatesPerPromptIsRejected(
      @ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int candidates) {
    assertThatThrownBy(() -> SamplingParams.builder().candidatesPerPrompt(candidates).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("candidatesPerPrompt")
        .hasMessageContaining(String.valueOf(candidates));
  }

  @Property
  void validValuesBuildAndRoundTripThroughToBuilder(
      @ForAll @DoubleRange(min = 0.01, max = 100) double temperature,
      @ForAll @IntRange(min = 0, max = 100_000) int topK,
      @ForAll @DoubleRange(min = 0.0, minIncluded = false, max = 1.0) double topP,
      @ForAll @IntRange(min = 1, max = 1_000_000) int maxNewTokens,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 1024) int candidates) {
    SamplingParams p =
        SamplingParams.builder()
            .temperature(temperature)
            .topK(topK)
            .topP(topP)
            .maxNewTokens(maxNewTokens)
            .seed(seed)
            .candidatesPerPrompt(candidates)
            .build();
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(p.greedy()).isFalse();
  }
}
