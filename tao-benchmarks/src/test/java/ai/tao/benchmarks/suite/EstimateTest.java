package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 95% t-interval against values worked out by hand: mean, sample standard deviation (n - 1),
 * t(0.975, n - 1) from a printed table, half width = t * sd / sqrt(n).
 */
class EstimateTest {
  private static final double EPS = 1e-12;

  @Test
  void threeSeedsUseTWithTwoDegreesOfFreedom() {
    // mean 0.32; deviations -0.02, 0.02, 0: sd = sqrt(0.0008 / 2) = 0.02;
    // half = 4.303 * 0.02 / sqrt(3) = 0.08606 / 1.7320508... = 0.0496867641664...
    Estimate e = Estimate.of(List.of(0.30, 0.34, 0.32));
    assertThat(e.mean()).isCloseTo(0.32, within(EPS));
    assertThat(e.halfWidth()).isCloseTo(0.0496867641664592, within(1e-12));
    assertThat(e.low()).isCloseTo(0.2703132358335408, within(1e-12));
    assertThat(e.high()).isCloseTo(0.3696867641664592, within(1e-12));
    assertThat(e.bySeed()).containsExactly(0.30, 0.34, 0.32);
  }

  @Test
  void twoSeedsUseTheWideTOfOneDegreeOfFreedom() {
    // mean 0.3; sd = sqrt((0.01 + 0.01) / 1) = 0.141421...; half = 12.706 * 0.141421 / sqrt(2) = 12.706 * 0.1
    Estimate e = Estimate.of(List.of(0.2, 0.4));
    assertThat(e.halfWidth()).isCloseTo(1.2706, within(1e-9));
    assertThat(e.low()).isCloseTo(-0.9706, within(1e-9));
    assertThat(e.high()).isCloseTo(1.5706, within(1e-9));
  }

  @Test
  void elevenSeedsUseTheLastTabledT() {
    // 0.0, 0.1, ..., 1.0: mean 0.5, squared deviations sum to 1.1, sd = sqrt(1.1 / 10) = sqrt(0.11);
    // sd / sqrt(11) = sqrt(0.01) = 0.1, so half = t(0.975, 10) * 0.1 = 2.228 * 0.1
    List<Double> values = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      values.add(i / 10.0);
    }
    Estimate e = Estimate.of(values);
    assertThat(e.mean()).isCloseTo(0.5, within(EPS));
    assertThat(e.halfWidth()).isCloseTo(0.2228, within(1e-9));
  }

  @Test
  void twelveSeedsFallBackToTheNormalQuantile() {
    // six 0s and six 1s: mean 0.5, sd = sqrt(12 * 0.25 / 11) = 0.522233, half = 1.96 * sd / sqrt(12) = 0.295481
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      values.add(0.0);
      values.add(1.0);
    }
    Estimate e = Estimate.of(values);
    assertThat(e.halfWidth()).isCloseTo(0.2954811176862084, within(1e-12));
  }

  @Test
  void oneValueHasAnIntervalOfZeroWidth() {
    Estimate e = Estimate.single(0.37);
    assertThat(e.mean()).isEqualTo(0.37);
    assertThat(e.low()).isEqualTo(0.37);
    assertThat(e.high()).isEqualTo(0.37);
    assertThat(e.halfWidth()).isZero();
    assertThat(Estimate.of(List.of(0.5)).halfWidth()).isZero();
  }

  @Test
  void noValuesAreRejected() {
    assertThatThrownBy(() -> Estimate.of(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one value");
    assertThatThrownBy(() -> new Estimate(List.of(), 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one value");
  }

  @Test
  void theSeedValuesAreCopiedAndCannotChange() {
    List<Double> values = new ArrayList<>(List.of(0.1, 0.2));
    Estimate e = Estimate.of(values);
    values.add(0.9);
    assertThat(e.bySeed()).containsExactly(0.1, 0.2);
    assertThatThrownBy(() -> e.bySeed().add(0.3)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAccuracysIntervalStopsAtZeroAndOneAndItsBarStillCoversIt() {
    // Two seeds, 0.333 and 0.5: mean 0.4167, t(1) = 12.706, half width 12.706 * 0.11785 / 1 = 1.0588.
    Estimate e = Estimate.ofAccuracies(List.of(1 / 3.0, 0.5));
    assertThat(Estimate.of(List.of(1 / 3.0, 0.5)).low()).isNegative();
    assertThat(e.low()).isZero();
    assertThat(e.high()).isEqualTo(1.0);
    assertThat(e.mean()).isCloseTo(0.41667, within(1e-5));
    assertThat(e.reach()).isCloseTo(1 - 0.41667, within(1e-5));
    Estimate narrow = Estimate.ofAccuracies(List.of(0.40, 0.42, 0.44));
    assertThat(narrow).isEqualTo(Estimate.of(List.of(0.40, 0.42, 0.44)));
    assertThat(narrow.reach()).isCloseTo(narrow.halfWidth(), within(1e-12));
  }
}
