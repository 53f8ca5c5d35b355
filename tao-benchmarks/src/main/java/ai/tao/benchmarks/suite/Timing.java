package ai.tao.benchmarks.suite;

import java.util.Arrays;

/** Wall time of a piece of work over repeated runs, after one untimed warm-up run. */
final class Timing {
  private Timing() {}

  /** The median of {@code repeats} timed runs, after one untimed warm-up. */
  static double medianSeconds(int repeats, Runnable work) {
    return median(timed(repeats, work));
  }

  /** The fastest of {@code repeats} timed runs, after one untimed warm-up. */
  static double fastestSeconds(int repeats, Runnable work) {
    return Arrays.stream(timed(repeats, work)).min().orElseThrow();
  }

  private static double[] timed(int repeats, Runnable work) {
    work.run();
    double[] s = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      work.run();
      s[i] = (System.nanoTime() - t) / 1e9;
    }
    return s;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
