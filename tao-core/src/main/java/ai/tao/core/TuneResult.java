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
 * @param seconds wall time of this call
 * @param resumed where this call took over from an interrupted run, if it did; then {@code steps},
 *     {@code rolledBack}, {@code collapseStops} and {@code checkpoints} describe the whole run, the
 *     interrupted part included
 * @param stepsRun steps this call ran (rolled-back ones included); a resumed run runs the rest
 * @since 0.1
 */
public record TuneResult(Policy policy, List<StepMetrics> steps, List<StepMetrics> rolledBack,
    List<CollapseStop> collapseStops, List<Path> checkpoints, Optional<Path> metricsFile, End end, double seconds,
    Optional<Resumed> resumed, long stepsRun) {

  /** A result of a run that was not resumed, every step its own. */
  public TuneResult(Policy policy, List<StepMetrics> steps, List<StepMetrics> rolledBack,
      List<CollapseStop> collapseStops, List<Path> checkpoints, Optional<Path> metricsFile, End end, double seconds) {
    this(policy, steps, rolledBack, collapseStops, checkpoints, metricsFile, end, seconds, Optional.empty(),
        steps.size() + rolledBack.size());
  }

  /**
   * Where a resumed run took over.
   *
   * @param stepsDone steps the interrupted run had completed (across rounds, rolled-back ones
   *     included)
   * @param round 0-based round of the first step this call ran
   * @param step 0-based index within {@code round} of that step
   * @param state the resume state it started from
   * @since 0.4
   */
  public record Resumed(long stepsDone, int round, int step, Path state) {
    public Resumed {
      Objects.requireNonNull(state, "state");
    }
  }

  /** Why a run ended. */
  public enum End {
    /** Every round ran (a collapse guard may have cut some short). */
    COMPLETED,
    /** The wall-clock budget ran out. */
    TIME_BUDGET,
    /** The stop hook asked to stop (a {@link StopSignal}: SIGTERM or Ctrl-C). */
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
    Objects.requireNonNull(resumed, "resumed");
    if (stepsRun < 0) {
      throw new ai.tao.api.ConfigurationException("stepsRun must be >= 0, got " + stepsRun);
    }
  }
}
