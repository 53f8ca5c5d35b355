package ai.tao.benchmarks.suite;

import java.util.List;
import java.util.Map;

/**
 * What one cached unit of the suite measured: a base measurement, an SFT run or a TAO run.
 *
 * @param passAt1 held-out pass@1 by part
 * @param majority held-out majority@n by part (base measurements only; empty otherwise)
 * @param sampledTokens tokens TAO sampled (0 for SFT)
 * @param tokensPerSecond the model's greedy inference throughput afterwards (NaN if not measured)
 * @param curve TAO's steps (empty for SFT)
 * @param seconds what the unit took when it ran
 */
public record RunRecord(Map<String, Double> passAt1, Map<String, Double> majority, long sampledTokens,
    double tokensPerSecond, List<CurvePoint> curve, double seconds) {
  public RunRecord {
    passAt1 = Map.copyOf(passAt1);
    majority = Map.copyOf(majority);
    curve = List.copyOf(curve);
  }
}
