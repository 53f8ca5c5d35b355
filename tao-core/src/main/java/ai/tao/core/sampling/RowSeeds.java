package ai.tao.core.sampling;

import java.util.SplittableRandom;

/** The per-row random streams of sampling: a seed and a row index make one stream, always the same. */
final class RowSeeds {
  /** The largest float below 1, so that u · total stays below the total. */
  private static final float BELOW_ONE = Math.nextDown(1f);

  private RowSeeds() {}

  /** A well-mixed seed for row {@code row} of a call seeded {@code seed} (SplitMix64's finaliser). */
  static long of(long seed, long row) {
    long z = seed * 0x9E3779B97F4A7C15L + (row + 1) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform float in [0, 1). */
  static float uniform(SplittableRandom stream) {
    return Math.min((float) stream.nextDouble(), BELOW_ONE);
  }
}
