package ai.tao.core;

import ai.tao.api.CollapseStop;
import ai.tao.api.Policy;
import ai.tao.api.StepMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Tao#tune} returns.
 *
 * @param policy the tuned policy (the same object, updated in place)
 * @param steps metrics of every step whose update the policy keeps, in order
 * @param rolledBack metrics of steps whose updates a collapse guard undid, in order
 * @param collapseStops the rounds the collapse guard stopped, with the step each went back to
 * @param checkpoints one folder per round that ran (a partly run round included), when an output
 *     folder was given
 * @param metricsFile the JSONL metrics file, when an output folder was given
 * @param end why the run ended
 * @param seconds wall time of the run
 * @since 0.1
 */
public record TuneResult(Policy policy, List<StepMetrics> steps, List<StepMetrics> rolledBack,
    List<CollapseStop> collapseStops, List<Path> checkpoints, Optional<Path> metricsFile, End end, double seconds) {

  /** Why a run ended. */
  public enum End {
    /** Every round ran (a collapse guard may have cut some short). */
    COMPLETED,
    /** The wall-clock budget ran out. */
    TIME_BUDGET,
    /** The stop hook asked to stop. */
    STOP_REQUESTED
  }

  public TuneResult {
    Objects.requireNonNull(policy, "policy");
    steps = List.copyOf(steps);
    rolledBack = List.copyOf(rolledBack);
    collapseStops = List.copyOf(collapseStops);
    checkpoints = List.copyOf(checkpoints);
    Objects.requireNonNull(metricsFile, "metricsFile");
    Objects.requireNonNull(end, "end");
  }
}
