package ai.tao.serve.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link EvaluationGate} decided, why, and the numbers it decided on.
 *
 * @param promote whether the candidate may replace the current policy: every check passed
 * @param reasons one readable line per check, with its numbers and whether it passed
 * @param shadow the label-free comparison on held-out prompts
 * @param canary the labeled canary comparison; empty when the gate has no canary set
 * @since 0.5
 */
public record GateDecision(boolean promote, List<String> reasons, ShadowComparison shadow,
    Optional<CanaryComparison> canary) {

  public GateDecision {
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(canary, "canary");
  }

  /**
   * The numbers by stable names, for a {@link VersionManifest} ({@link Registration.Builder#gate}):
   * {@code gate.promote} (1 or 0), {@code shadow.*} (prompts, margin, means, counts, difference and
   * its interval when there is one) and, with a canary, {@code canary.*} (examples, accuracies,
   * regression points and their limit).
   */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("gate.promote", promote ? 1.0 : 0.0);
    m.put("shadow.prompts", (double) shadow.prompts());
    m.put("shadow.margin", shadow.margin());
    m.put("shadow.candidate_mean", shadow.candidate().mean());
    m.put("shadow.current_mean", shadow.current().mean());
    m.put("shadow.difference", shadow.difference());
    m.put("shadow.candidate_scored", (double) shadow.candidate().scored());
    m.put("shadow.candidate_not_applicable", (double) shadow.candidate().notApplicable());
    m.put("shadow.current_scored", (double) shadow.current().scored());
    m.put("shadow.current_not_applicable", (double) shadow.current().notApplicable());
    shadow.differenceCi95().ifPresent(ci -> {
      m.put("shadow.difference_ci95_low", ci.low());
      m.put("shadow.difference_ci95_high", ci.high());
    });
    canary.ifPresent(c -> {
      m.put("canary.examples", (double) c.current().examples());
      m.put("canary.candidate_accuracy", c.candidate().value());
      m.put("canary.current_accuracy", c.current().value());
      m.put("canary.regression_points", c.regressionPoints());
      m.put("canary.max_regression_points", c.maxRegressionPoints());
    });
    return m;
  }
}
