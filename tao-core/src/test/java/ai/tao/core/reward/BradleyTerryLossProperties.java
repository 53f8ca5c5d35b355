package ai.tao.core.reward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.tao.core.TaoRuntime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The loss against its formula in double precision, and the pull of margin and centring on the gradient. */
class BradleyTerryLossProperties {

  @Property(tries = 50)
  void theLossIsTheMeanNegativeLogSigmoidPlusTheCentringTerm(@ForAll @IntRange(min = 1, max = 6) int pairs,
      @ForAll @DoubleRange(min = 0, max = 3) double margin, @ForAll @DoubleRange(min = 0, max = 1) double center,
      @ForAll long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    float[] rc = new float[pairs];
    float[] rj = new float[pairs];
    float[] pm = new float[pairs];
    double expected = 0;
    double centring = 0;
    for (int i = 0; i < pairs; i++) {
      rc[i] = (float) (rnd.nextGaussian() * 5);
      rj[i] = (float) (rnd.nextGaussian() * 5);
      pm[i] = (float) rnd.nextDouble();
      double d = (double) rc[i] - rj[i] - pm[i] - (float) margin;
      expected += Math.log1p(Math.exp(-d)) / pairs; // −log σ(d)
      centring += Math.pow((double) rc[i] + rj[i], 2) / pairs;
    }
    expected += center * centring;
    try (NDManager m = TaoRuntime.newManager()) {
      float got = new BradleyTerryLoss(margin, center).apply(m.create(rc), m.create(rj), m.create(pm)).getFloat();
      assertThat((double) got).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * (1 + expected)));
    }
  }

  /** Centring pushes both rewards of a pair down when their sum is positive, and a margin asks for more of a won pair. */
  @Property(tries = 30)
  void centringPullsTheSumTowardsZeroAndAMarginKeepsAWonPairLearning(
      @ForAll @DoubleRange(min = 0.5, max = 3) double shift) {
    try (NDManager m = TaoRuntime.newManager()) {
      float[] none = gradient(m, new BradleyTerryLoss(0, 0), 2f + (float) shift, (float) shift);
      float[] centred = gradient(m, new BradleyTerryLoss(0, 1), 2f + (float) shift, (float) shift);
      assertThat(centred[0]).isGreaterThan(none[0]); // d loss / d r⁺ rises: descent lowers r⁺ more
      assertThat(centred[1]).isGreaterThan(none[1]); // and r⁻
      float[] margined = gradient(m, new BradleyTerryLoss(4, 0), 2f + (float) shift, (float) shift);
      assertThat(-margined[0]).isGreaterThan(-none[0]); // a margin pushes r⁺ up harder on a pair already won by 2
    }
  }

  private static float[] gradient(NDManager m, BradleyTerryLoss loss, float chosen, float rejected) {
    NDArray c = m.create(new float[] {chosen});
    NDArray r = m.create(new float[] {rejected});
    c.setRequiresGradient(true);
    r.setRequiresGradient(true);
    try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
      gc.backward(loss.apply(c, r, m.zeros(c.getShape())));
    }
    return new float[] {c.getGradient().getFloat(0), r.getGradient().getFloat(0)};
  }
}
