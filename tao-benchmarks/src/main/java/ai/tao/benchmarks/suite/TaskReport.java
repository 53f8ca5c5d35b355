package ai.tao.benchmarks.suite;

import java.util.List;

/**
 * Everything the suite measured on one task (for the multi-task mix, one report per task in the
 * mix, from the same runs). A part that was not run is {@code null} (table3 and curves: empty).
 *
 * @param task stable identifier: {@code sql}, {@code docqa}, {@code multitask-sql}, {@code multitask-docqa}
 * @param heldout held-out production questions every accuracy is measured on
 * @param grading how a held-out answer is judged
 */
public record TaskReport(String task, String title, int heldout, String grading, List<MethodRow> table3,
    LabelEquivalence labels, Scaling scaling, List<Curve> curves) {
  public TaskReport {
    table3 = List.copyOf(table3);
    curves = List.copyOf(curves);
  }
}
