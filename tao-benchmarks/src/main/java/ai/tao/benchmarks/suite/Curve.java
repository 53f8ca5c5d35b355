package ai.tao.benchmarks.suite;

import java.util.List;

/** The training curve of one TAO run: a Table 3 variant on one seed. */
public record Curve(String key, long seed, List<CurvePoint> points) {
  public Curve {
    points = List.copyOf(points);
  }
}
