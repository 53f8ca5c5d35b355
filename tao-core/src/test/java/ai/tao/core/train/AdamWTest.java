package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.TrainableTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AdamW against an independent reference written out in double precision on the host: global-norm
 * clipping, bias-corrected moments, decoupled weight decay on matrices only. The tensor update runs
 * in place with the gradients as scratch, so this pins its algebra.
 */
class AdamWTest {
  private static final double LR = 0.05;
  private static final double B1 = 0.9;
  private static final double B2 = 0.99;
  private static final double EPS = 1e-6;
  private static final double WD = 0.1;

  /** Host reference of one tensor's state. */
  private static final class Ref {
    final double[] p;
    final double[] m;
    final double[] v;
    final boolean decays;

    Ref(float[] init, boolean decays) {
      p = new double[init.length];
      for (int i = 0; i < init.length; i++) {
        p[i] = init[i];
      }
      m = new double[init.length];
      v = new double[init.length];
      this.decays = decays;
    }

    void step(double[] g, double clip, long t) {
      double bc1 = 1 - Math.pow(B1, t);
      double bc2 = 1 - Math.pow(B2, t);
      for (int i = 0; i < p.length; i++) {
        double gi = g[i] * clip;
        m[i] = B1 * m[i] + (1 - B1) * gi;
        v[i] = B2 * v[i] + (1 - B2) * gi * gi;
        if (decays) {
          p[i] *= 1 - LR * WD;
        }
        p[i] -= LR * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + EPS);
      }
    }
  }

  @Test
  void matchesAHostReferenceOverStepsWithClippingAndDecay() {
    try (NDManager root = TaoRuntime.newManager()) {
      Random rnd = new Random(7);
      float[] w0 = random(rnd, 12);
      float[] b0 = random(rnd, 4);
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      tensors.put("w", root.create(w0, new Shape(3, 4)));
      tensors.put("b", root.create(b0, new Shape(4)));
      TrainableTensors owner = new Owner(tensors, root);
      double maxNorm = 1.0;
      AdamW opt = new AdamW(owner, LR, B1, B2, EPS, WD, maxNorm);
      Ref w = new Ref(w0, true);
      Ref b = new Ref(b0, false);
      for (int t = 1; t <= 4; t++) {
        // loss = Σ c_w·w + Σ c_b·b: gradients are the coefficients, scaled up on odd steps so the clip acts
        float scale = t % 2 == 1 ? 5f : 0.2f;
        float[] cw = scaled(random(rnd, 12), scale);
        float[] cb = scaled(random(rnd, 4), scale);
        opt.zeroGrad();
        try (NDManager m = root.newSubManager(); GradientCollector gc = TaoRuntime.newGradientCollector()) {
          NDArray loss = tensors.get("w").mul(m.create(cw, new Shape(3, 4))).sum()
              .add(tensors.get("b").mul(m.create(cb, new Shape(4))).sum());
          gc.backward(loss);
        }
        double norm = Math.sqrt(sumSq(cw) + sumSq(cb));
        double measured = opt.gradNorm();
        assertThat(measured).isCloseTo(norm, within(1e-4 * norm));
        opt.step(measured);
        double clip = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
        w.step(toDouble(cw), clip, t);
        b.step(toDouble(cb), clip, t);
        assertClose(tensors.get("w").toFloatArray(), w.p, "w after step " + t);
        assertClose(tensors.get("b").toFloatArray(), b.p, "b after step " + t);
      }
      assertThat(opt.steps()).isEqualTo(4);
      opt.close();
    }
  }

  private static void assertClose(float[] actual, double[] expected, String what) {
    assertThat(actual).as(what).hasSize(expected.length);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], within(2e-5));
    }
  }

  private static float[] random(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  private static float[] scaled(float[] a, float s) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= s;
    }
    return a;
  }

  private static double sumSq(float[] a) {
    double s = 0;
    for (float x : a) {
      s += (double) x * x;
    }
    return s;
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  /** Two plain tensors as an optimizer's target. */
  private record Owner(Map<String, NDArray> tensors, NDManager manager) implements TrainableTensors {
    @Override
    public long version() {
      return 0;
    }

    @Override
    public void markUpdated() {}
  }
}
