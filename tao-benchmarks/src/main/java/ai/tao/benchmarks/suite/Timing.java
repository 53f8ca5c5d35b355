package ai.tao.benchmarks.suite;

import java.util.Arrays;

/** Median wall time of a piece of work, after one untimed warm-up run. */
final class Timing {
  private Timing() {}

  static double medianSeconds(int repeats, Runnable work) {
    work.run();
    double[] s = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      work.run();
      s[i] = (System.nanoTime() - t) / 1e9;
    }
    return median(s);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
