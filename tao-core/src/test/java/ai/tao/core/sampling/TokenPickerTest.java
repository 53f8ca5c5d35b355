package ai.tao.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.tao.core.TaoRuntime;
import org.junit.jupiter.api.Test;

/** Inverse-CDF draws follow softmax(logits/τ), truncated as top-k / top-p say. */
class TokenPickerTest {
  static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 0.0f, -1.0f, -3.0f};
  static final int N = 40_000;

  static double[] frequencies(TokenPicker picker, long seed, float[] logProbsOut) {
    try (NDManager m = TaoRuntime.newManager()) {
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
      float[] uniforms = new float[N];
      for (int i = 0; i < N; i++) {
        uniforms[i] = RowSeeds.uniform(rnd);
      }
      float[] rows = new float[N * LOGITS.length];
      for (int i = 0; i < N; i++) {
        System.arraycopy(LOGITS, 0, rows, i * LOGITS.length, LOGITS.length);
      }
      TokenPicker.Picked picked = picker.pick(m.create(rows, new Shape(N, LOGITS.length)), uniforms);
      long[] ids = picked.ids().toLongArray();
      float[] lps = picked.logProbs().toFloatArray();
      double[] f = new double[LOGITS.length];
      for (int i = 0; i < N; i++) {
        f[(int) ids[i]] += 1.0 / N;
        logProbsOut[(int) ids[i]] = lps[i];
      }
      return f;
    }
  }

  static double[] softmax(double temperature, int keep) {
    double[] p = new double[LOGITS.length];
    double z = 0;
    for (int i = 0; i < keep; i++) {
      p[i] = Math.exp(LOGITS[i] / temperature);
      z += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= z;
    }
    return p;
  }

  @Test
  void temperatureSamplingFollowsSoftmaxAndReportsItsLogProbs() {
    float[] lp = new float[LOGITS.length];
    double[] f = frequencies(new TokenPicker(0.7, 0, 1.0), 11, lp);
    double[] p = softmax(0.7, LOGITS.length);
    for (int i = 0; i < p.length; i++) {
      assertThat(f[i]).as("token %d", i).isCloseTo(p[i], within(0.01));
      if (f[i] > 0) {
        assertThat((double) lp[i]).isCloseTo(Math.log(p[i]), within(1e-5));
      }
    }
  }

  @Test
  void topKRenormalisesOverTheKBest() {
    double[] f = frequencies(new TokenPicker(1.0, 3, 1.0), 12, new float[LOGITS.length]);
    double[] p = softmax(1.0, 3);
    for (int i = 0; i < p.length; i++) {
      assertThat(f[i]).as("token %d", i).isCloseTo(p[i], within(0.01));
    }
  }

  @Test
  void topPKeepsTheSmallestSetReachingTheMass() {
    double[] full = softmax(1.0, LOGITS.length);
    // p(0) + p(1) < 0.85 <= p(0) + p(1) + p(2): the nucleus is tokens 0..2.
    assertThat(full[0] + full[1]).isLessThan(0.85);
    assertThat(full[0] + full[1] + full[2]).isGreaterThanOrEqualTo(0.85);
    double[] f = frequencies(new TokenPicker(1.0, 0, 0.85), 13, new float[LOGITS.length]);
    double[] p = softmax(1.0, 3);
    for (int i = 0; i < p.length; i++) {
      assertThat(f[i]).as("token %d", i).isCloseTo(p[i], within(0.01));
    }
  }

  @Test
  void uniformsAtTheEdgesPickTheFirstAndLastKeptToken() {
    try (NDManager m = TaoRuntime.newManager()) {
      TokenPicker picker = new TokenPicker(1.0, 3, 1.0);
      float[] row = LOGITS.clone();
      NDArray logits = m.create(new float[][] {row, row});
      long[] ids = picker.pick(logits, new float[] {0f, Math.nextDown(1f)}).ids().toLongArray();
      assertThat(ids).containsExactly(0L, 2L); // never an excluded token, even at u just below 1
    }
  }

  @Test
  void topPStillCutsAfterTopK() {
    float[] logits = {10f, 9f, 8f, 7f, 6f, 5f, 1f, 0.5f};
    int n = 2000;
    float[] rows = new float[n * logits.length];
    float[] uniforms = new float[n];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      System.arraycopy(logits, 0, rows, i * logits.length, logits.length);
      uniforms[i] = RowSeeds.uniform(rnd);
    }
    try (NDManager m = TaoRuntime.newManager()) {
      // p(token 0) = 0.63 > 0.5: the nucleus is token 0 alone, whatever top-k left before it
      long[] ids = new TokenPicker(1.0, 6, 0.5).pick(m.create(rows, new Shape(n, logits.length)), uniforms).ids()
          .toLongArray();
      assertThat(ids).containsOnly(0L);
    }
  }
}
