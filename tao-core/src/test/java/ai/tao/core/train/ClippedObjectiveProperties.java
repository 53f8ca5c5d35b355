package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.tao.core.TaoRuntime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class ClippedObjectiveProperties {
  static final ClippedObjective OBJ = new ClippedObjective(0.2, 0.28);

  /** The scalar definition: −min(ρA, clip(ρ, 1−εl, 1+εh)A). */
  static double definition(double ratio, double adv) {
    return -Math.min(ratio * adv, Math.min(Math.max(ratio, 0.8), 1.28) * adv);
  }

  @Property
  void tensorLossMatchesTheDefinition(@ForAll @DoubleRange(min = -2, max = 2) double logRatio,
      @ForAll @DoubleRange(min = -3, max = 3) double adv) {
    try (NDManager m = TaoRuntime.newManager()) {
      NDArray lp = m.create(new float[] {(float) logRatio - 1f}, new Shape(1, 1));
      NDArray old = m.create(new float[] {-1f}, new Shape(1, 1));
      NDArray a = m.create(new float[] {(float) adv}, new Shape(1, 1));
      double ratio = Math.exp(((float) logRatio - 1f) - (-1f));
      assertThat((double) OBJ.loss(lp, old, a).getFloat()).isCloseTo(definition(ratio, (float) adv),
          within(1e-4 * (1 + Math.abs(adv) * ratio)));
      assertThat(OBJ.loss(logRatio - 1, -1, adv)).isCloseTo(definition(Math.exp(logRatio), adv), within(1e-9));
    }
  }

  @Property
  void atAndBeyondTheBoundsTheObjectiveStopsRewarding(@ForAll @DoubleRange(min = 0.01, max = 3) double adv,
      @ForAll @DoubleRange(min = 0, max = 1) double beyond) {
    // Positive advantage: ratio above 1+εh earns no more than at the bound.
    double atUpper = OBJ.loss(Math.log(1.28), 0, adv);
    assertThat(atUpper).isCloseTo(-1.28 * adv, within(1e-9));
    assertThat(OBJ.loss(Math.log(1.28 + beyond), 0, adv)).isCloseTo(atUpper, within(1e-9));
    // Negative advantage: ratio below 1−εl earns no more than at the bound.
    double atLower = OBJ.loss(Math.log(0.8), 0, -adv);
    assertThat(atLower).isCloseTo(0.8 * adv, within(1e-9));
    assertThat(OBJ.loss(Math.log(0.8 * (1 - beyond * 0.99)), 0, -adv)).isCloseTo(atLower, within(1e-9));
    // Inside the bounds it is the plain surrogate −ρA.
    assertThat(OBJ.loss(Math.log(1.1), 0, adv)).isCloseTo(-1.1 * adv, within(1e-9));
  }

  @Property
  void pessimisticSideIsNeverClipped(@ForAll @DoubleRange(min = 0.01, max = 3) double adv,
      @ForAll @DoubleRange(min = 0, max = 0.7) double drop) {
    // Positive advantage with the ratio far below 1−εl: loss keeps following −ρA (no clipping on that side).
    double ratio = 0.8 - drop - 0.05;
    assertThat(OBJ.loss(Math.log(ratio), 0, adv)).isCloseTo(-ratio * adv, within(1e-9));
  }
}
