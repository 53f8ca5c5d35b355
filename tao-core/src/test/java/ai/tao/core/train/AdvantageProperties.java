package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class AdvantageProperties {
  @Provide
  Arbitrary<List<Double>> groups() {
    return Arbitraries.doubles().between(-5, 5).list().ofMinSize(1).ofMaxSize(16);
  }

  static double mean(double[] a) {
    return Arrays.stream(a).average().orElse(0);
  }

  @Property
  void normalizedAdvantagesHaveMeanZeroAndUnitStd(@ForAll("groups") List<Double> rewards) {
    double[] r = rewards.stream().mapToDouble(Double::doubleValue).toArray();
    double[] a = AdvantageEstimator.groupNormalized().advantages(r);
    assertThat(a).hasSize(r.length);
    assertThat(mean(a)).isCloseTo(0, within(1e-9));
    double m = mean(r);
    double var = Arrays.stream(r).map(x -> (x - m) * (x - m)).average().orElse(0);
    if (Math.sqrt(var) >= 1e-8) {
      double std = Math.sqrt(Arrays.stream(a).map(x -> x * x).average().orElse(0));
      assertThat(std).isCloseTo(1, within(1e-9));
    } else {
      assertThat(a).containsOnly(0.0);
    }
  }

  @Property
  void zeroVarianceGroupsGiveZeroAdvantages(@ForAll @DoubleRange(min = -3, max = 3) double reward,
      @ForAll @IntRange(min = 1, max = 16) int size) {
    double[] r = new double[size];
    Arrays.fill(r, reward);
    assertThat(AdvantageEstimator.groupNormalized().advantages(r)).containsOnly(0.0);
    assertThat(AdvantageEstimator.groupCentered().advantages(r)).containsOnly(0.0);
  }

  @Property
  void advantagesPreserveTheOrderOfRewards(@ForAll("groups") List<Double> rewards) {
    double[] r = rewards.stream().mapToDouble(Double::doubleValue).toArray();
    for (AdvantageEstimator est : List.of(AdvantageEstimator.groupNormalized(), AdvantageEstimator.groupCentered())) {
      double[] a = est.advantages(r);
      assertThat(mean(a)).isCloseTo(0, within(1e-9));
      for (int i = 0; i < r.length; i++) {
        for (int j = 0; j < r.length; j++) {
          if (r[i] > r[j] + 1e-9) {
            assertThat(a[i]).isGreaterThan(a[j]);
          }
        }
      }
    }
  }

  @Property
  void notApplicableScoresGetZeroAndAreLeftOutOfTheGroupStatistics(@ForAll("groups") List<Double> rewards,
      @ForAll("masks") List<Boolean> maskSeed) {
    double[] r = rewards.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] applicable = new boolean[r.length];
    List<Double> judged = new java.util.ArrayList<>();
    for (int i = 0; i < r.length; i++) {
      applicable[i] = maskSeed.get(i % maskSeed.size());
      if (applicable[i]) {
        judged.add(r[i]);
      } else {
        r[i] = 1e6 * (i + 1); // whatever a not-applicable value holds must not matter
      }
    }
    double[] alone = judged.stream().mapToDouble(Double::doubleValue).toArray();
    for (AdvantageEstimator est : List.of(AdvantageEstimator.groupNormalized(), AdvantageEstimator.groupCentered())) {
      double[] a = est.advantages(r, applicable);
      double[] expected = alone.length < 2 ? new double[alone.length] : est.advantages(alone);
      int k = 0;
      for (int i = 0; i < r.length; i++) {
        if (applicable[i]) {
          assertThat(a[i]).isCloseTo(expected[k++], within(1e-9));
        } else {
          assertThat(a[i]).isZero();
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Boolean>> masks() {
    return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(16);
  }
}
