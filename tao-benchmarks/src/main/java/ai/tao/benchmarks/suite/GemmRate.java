package ai.tao.benchmarks.suite;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.tao.core.TaoRuntime;

/**
 * This machine's single-precision matrix-multiply rate through DJL's engine: the ceiling that each
 * hot path's matmul work is measured against.
 */
final class GemmRate {
  private GemmRate() {}

  /**
   * GFLOP/s of an {@code n} × {@code n} by {@code n} × {@code n} product, the fastest of at least
   * 5 timed runs: a ceiling, so the best run rather than the median (the first full-size run, median
   * of 3 at n = 1024, put a train step at 105% of it).
   */
  static double measure(int n, int repeats) {
    try (NDManager m = TaoRuntime.newManager()) {
      NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
      double s = Timing.fastestSeconds(Math.max(5, repeats), () -> {
        try (NDArray c = a.matMul(b)) {
          c.getFloat(0, 0); // the product is computed by the time a value is read
        }
      });
      return 2.0 * n * n * n / s / 1e9;
    }
  }
}
