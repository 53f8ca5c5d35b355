package ai.tao.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CollapseStop;
import ai.tao.api.ConfigurationException;
import ai.tao.api.StepMetrics;
import ai.tao.api.TrainStepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The question-independence signal of the collapse guard, fed synthetic steps. */
class CollapseGuardTest {
  static final TrainStepResult SKIPPED =
      TrainStepResult.skipped(TrainStepResult.SkipReason.NO_SIGNAL, "synthetic", 0, Map.of());

  /** The default guard without a KL budget: the synthetic steps carry no KL. */
  static final CollapseGuard GUARD = CollapseGuard.defaults().withoutKlBudget();

  /** A step with a constant reward and diversity, so that only the shared-answer fraction moves. */
  static StepMetrics step(int i, OptionalDouble shared) {
    return new StepMetrics(0, i, OptionalDouble.of(0.5), 0.1, 1, 0.5, 0, 16, 0.1, SKIPPED, shared, Map.of(),
        Map.of());
  }

  /** Feeds the fractions in order; the 1-based step that tripped and the trip, if any. */
  static Optional<Map.Entry<Integer, CollapseGuard.Trip>> run(CollapseGuard guard, double... shared) {
    CollapseGuard.Monitor monitor = guard.monitor();
    for (int i = 0; i < shared.length; i++) {
      OptionalDouble s = Double.isNaN(shared[i]) ? OptionalDouble.empty() : OptionalDouble.of(shared[i]);
      Optional<CollapseGuard.Trip> trip = monitor.check(step(i, s));
      if (trip.isPresent()) {
        return Optional.of(Map.entry(i + 1, trip.get()));
      }
    }
    return Optional.empty();
  }

  static double[] repeat(double v, int n) {
    return DoubleStream.generate(() -> v).limit(n).toArray();
  }

  static double[] concat(double[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToDouble(DoubleStream::of).toArray();
  }

  @Test
  void defaultsWatchTheSharedAnswerAndSayHow() {
    CollapseGuard d = CollapseGuard.defaults();
    assertThat(d.sharedAnswerLevel()).isEqualTo(0.5);
    assertThat(d.sharedAnswerRise()).isEqualTo(0.25);
    assertThat(d.describe()).containsEntry("sharedAnswerLevel", 0.5).containsEntry("sharedAnswerRise", 0.25);
    assertThat(d.withoutKlBudget().sharedAnswerLevel()).isEqualTo(0.5);
    assertThat(d.withoutRollback().sharedAnswerRise()).isEqualTo(0.25);
    assertThat(d.withKlBudget(2).sharedAnswerLevel()).isEqualTo(0.5);
    assertThat(d.withoutSharedAnswer().sharedAnswerLevel()).isInfinite();
    assertThat(d.withSharedAnswer(0.7, 0.4)).extracting(CollapseGuard::sharedAnswerLevel,
        CollapseGuard::sharedAnswerRise, CollapseGuard::klBudget).containsExactly(0.7, 0.4, 0.5);
    assertThat(CollapseGuard.off().sharedAnswerLevel()).isInfinite();
  }

  @Test
  void tripsWhenOneAnswerComesToServeEveryQuestion() {
    // 8 questions a step: 1 of 8 shares the top answer at the start, then all 8 do.
    var trip = run(GUARD, concat(repeat(0.125, 4), repeat(0.25, 2), repeat(1.0, 10))).orElseThrow();

    // The recent window is steps 5..8 (0.25, 0.25, 1, 1): mean 0.625 >= 0.5, rise 0.5 >= 0.25.
    assertThat(trip.getKey()).isEqualTo(8);
    assertThat(trip.getValue().reason()).isEqualTo(CollapseStop.Reason.SHARED_ANSWER);
    assertThat(trip.getValue().detail()).contains("shared-answer fraction 0.625").contains("up from 0.125")
        .contains("first 4 steps").contains("no longer depend on the question");
  }

  @Test
  void doesNotTripWhenTheBaseAlreadySharesAnswers() {
    // A task whose answers genuinely recur (yes/no): the level is reached from step 0, with no rise.
    assertThat(run(GUARD, repeat(0.75, 60))).isEmpty();
    assertThat(run(GUARD, concat(repeat(0.6, 4), repeat(0.8, 40)))).as("a rise of 0.2 < 0.25").isEmpty();
  }

  @Test
  void doesNotTripBelowTheLevel() {
    assertThat(run(GUARD, concat(repeat(0.125, 4), repeat(0.45, 40)))).as("rise 0.325, but below 0.5").isEmpty();
  }

  @Test
  void stepsWithoutTheSignalAreSkippedNotCounted() {
    double none = Double.NaN; // one prompt a step: no signal
    assertThat(run(GUARD, repeat(none, 50))).isEmpty();
    // The start window is the first 4 steps that carry the signal, whatever comes before them.
    var trip = run(GUARD, concat(repeat(none, 3), repeat(0.125, 4), repeat(none, 5), repeat(1.0, 4)))
        .orElseThrow();
    assertThat(trip.getKey()).isEqualTo(16);
    assertThat(trip.getValue().detail()).contains("up from 0.125");
  }

  @Test
  void switchedOffTheSignalNeverTrips() {
    double[] collapse = concat(repeat(0.125, 4), repeat(1.0, 40));
    assertThat(run(GUARD.withoutSharedAnswer(), collapse)).isEmpty();
    assertThat(run(CollapseGuard.off(), collapse)).isEmpty();
  }

  @Test
  void rejectsANegativeOrUndefinedLevelOrRise() {
    assertThatThrownBy(() -> GUARD.withSharedAnswer(Double.NaN, 0.25)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sharedAnswerLevel").hasMessageContaining("NaN");
    assertThatThrownBy(() -> GUARD.withSharedAnswer(0.5, -0.1)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("-0.1");
  }

  @Provide
  Arbitrary<List<Double>> fractions() {
    return Arbitraries.doubles().between(0, 1).list().ofMinSize(0).ofMaxSize(40);
  }

  @Property
  void neverTripsWhileEveryStepIsBelowTheLevel(@ForAll("fractions") List<Double> shared) {
    double[] below = shared.stream().mapToDouble(s -> s * 0.499).toArray();
    assertThat(run(GUARD, below)).isEmpty();
  }

  @Property
  void neverTripsWhenTheFractionNeverRises(@ForAll("fractions") List<Double> shared) {
    double[] falling = shared.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    List<Double> reversed = new ArrayList<>();
    for (int i = falling.length - 1; i >= 0; i--) {
      reversed.add(falling[i]);
    }
    assertThat(run(GUARD, reversed.stream().mapToDouble(Double::doubleValue).toArray())).isEmpty();
  }

  @Property
  void aSingleGroupNeverTrips(@ForAll @IntRange(min = 0, max = 60) int steps) {
    assertThat(run(GUARD, repeat(Double.NaN, steps))).isEmpty();
  }

  @Property
  void aJumpToOneAnswerTripsWithinAWindow(@ForAll @DoubleRange(min = 0, max = 0.25) double base,
      @ForAll @IntRange(min = 4, max = 20) int healthySteps) {
    var trip = run(GUARD, concat(repeat(base, healthySteps), repeat(1.0, 40)));
    assertThat(trip).isPresent();
    assertThat(trip.get().getValue().reason()).isEqualTo(CollapseStop.Reason.SHARED_ANSWER);
    // Two of the 4 recent steps at 1 already bring the mean to >= 0.5 when the rest sit at the base.
    assertThat(trip.get().getKey()).isBetween(Math.max(8, healthySteps + 1), healthySteps + 4);
  }
}
