package ai.tao.benchmarks.suite;

import java.util.List;

/**
 * Figure 3 in miniature: held-out accuracy against tuning compute, and the inference speed of each
 * tuned model beside the base's (the same size, so it should not fall).
 */
public record Scaling(List<ScalingPoint> points, Estimate baseAccuracy, double baseTokensPerSecond) {
  public Scaling {
    points = List.copyOf(points);
  }
}
