package ai.tao.benchmarks.suite;

import java.util.Arrays;

/** Wall time of a piece of work over repeated runs, after one untimed warm-up run. */
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

  /** The fastest of {@code repeats} timed runs, after one untimed warm-up. */
  static double fastestSeconds(int repeats, Runnable work) {
    work.run();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - t) / 1e9);
    }
    return best;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
