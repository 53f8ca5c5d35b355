package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingParamsTest {

  @Test
  void defaults() {
    SamplingParams p = SamplingParams.builder().build();
    assertThat(p.temperature()).isEqualTo(1.0);
    assertThat(p.topK()).isZero();
    assertThat(p.topP()).isEqualTo(1.0);
    assertThat(p.maxNewTokens()).isEqualTo(64);
    assertThat(p.stopStrings()).isEmpty();
    assertThat(p.seed()).isZero();
    assertThat(p.candidatesPerPrompt()).isEqualTo(1);
    assertThat(p.greedy()).isFalse();
  }

  @Test
  void builderSetsEveryField() {
    SamplingParams p =
        SamplingParams.builder()
            .temperature(0.7)
            .topK(40)
            .topP(0.9)
            .maxNewTokens(256)
            .stopStrings("\n\n", "###")
            .seed(42)
            .candidatesPerPrompt(8)
            .build();
    assertThat(p)
        .isEqualTo(new SamplingParams(0.7, 40, 0.9, 256, List.of("\n\n", "###"), 42, 8));
  }

  @Test
  void toBuilderRoundTripsAndChangesOnlyWhatIsSet() {
    SamplingParams p = SamplingParams.builder().temperature(0.5).topK(5).seed(7).build();
    assertThat(p.toBuilder().build()).isEqualTo(p);
    SamplingParams q = p.toBuilder().maxNewTokens(10).build();
    assertThat(q.maxNewTokens()).isEqualTo(10);
    assertThat(q.temperature()).isEqualTo(0.5);
    assertThat(q.topK()).isEqualTo(5);
    assertThat(q.seed()).isEqualTo(7);
  }

  @Test
  void greedyWithOneCandidate() {
    SamplingParams p = SamplingParams.builder().temperature(0).build();
    assertThat(p.greedy()).isTrue();
  }

  @Test
  void greedyWithSeveralCandidatesIsRejectedNamingBoth() {
    assertThatThrownBy(
            () -> SamplingParams.builder().temperature(0).candidatesPerPrompt(8).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("temperature 0.0")
        .hasMessageContaining("candidatesPerPrompt 8");
  }

  @Test
  void rejectsTopPOutsideUnitInterval() {
    for (double bad : new double[] {0.0, -0.1, 1.0001, Double.NaN}) {
      assertThatThrownBy(() -> SamplingParams.builder().topP(bad).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("topP")
          .hasMessageContaining(String.valueOf(bad));
    }
  }

  @Test
  void rejectsNegativeTopK() {
    assertThatThrownBy(() -> SamplingParams.builder().topK(-3).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("topK")
        .hasMessageContaining("-3");
  }

  @Test
  void rejectsNonFiniteTemperature() {
    assertThatThrownBy(() -> SamplingParams.builder().temperature(Double.NaN).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("temperature")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () -> SamplingParams.builder().temperature(Double.POSITIVE_INFINITY).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Infinity");
  }

  @Test
  void rejectsEmptyStopStringNamingItsIndex() {
    assertThatThrownBy(() -> SamplingParams.builder().stopStrings("END", "").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stopStrings[1]");
  }

  @Test
  void stopStringsAreCopied() {
    List<String> stops = new ArrayList<>(List.of("END"));
    SamplingParams.Builder b = SamplingParams.builder().stopStrings(stops);
    stops.add("MORE");
    SamplingParams p = b.build();
    assertThat(p.stopStrings()).containsExactly("END");
    assertThatThrownBy(() -> p.stopStrings().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
