package ai.tao.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened during a run, delivered to every {@link TaoListener}. Rounds and steps
 * are 0-based.
 *
 * @since 0.1
 */
public sealed interface TaoEvent {

  /**
   * A run began.
   *
   * @param config every setting the run uses, defaults included, in a stable order
   */
  record RunStarted(Map<String, Object> config) implements TaoEvent {
    public RunStarted {
      config = Copies.orderedMap(config, "config");
    }
  }

  /**
   * A round began.
   *
   * @param round 0-based round index
   * @param prompts number of prompts in this round
   */
  record RoundStarted(int round, int prompts) implements TaoEvent {
    public RoundStarted {
      requireNonNegative(round, "round");
      requireNonNegative(prompts, "prompts");
    }
  }

  /**
   * A training step finished (ran or was skipped).
   *
   * @param metrics the step's metrics, round and step included
   * @param totalSteps steps planned for this round, above {@code metrics.step()}
   */
  record StepCompleted(StepMetrics metrics, int totalSteps) implements TaoEvent {
    public StepCompleted {
      Objects.requireNonNull(metrics, "metrics");
      if (metrics.step() >= totalSteps) {
        throw new ConfigurationException(
            "step " + metrics.step() + " must be below totalSteps " + totalSteps);
      }
    }

    /** 0-based round index. */
    public int round() {
      return metrics.round();
    }

    /** 0-based step index within the round. */
    public int step() {
      return metrics.step();
    }
  }

  /**
   * The collapse guard stopped a round (and restored weights, if it rolls back).
   *
   * @param stop when, why, and what was restored
   */
  record CollapseDetected(CollapseStop stop) implements TaoEvent {
    public CollapseDetected {
      Objects.requireNonNull(stop, "stop");
    }
  }

  /**
   * A round finished.
   *
   * @param round 0-based round index
   * @param steps steps that ran in this round (a stopped round has fewer than planned)
   * @param last the metrics of the round's last step
   * @param checkpoint where the policy was saved after this round, if it was
   */
  record RoundCompleted(int round, int steps, Optional<StepMetrics> last, Optional<Path> checkpoint)
      implements TaoEvent {
    public RoundCompleted {
      requireNonNegative(round, "round");
      requireNonNegative(steps, "steps");
      Objects.requireNonNull(last, "last");
      Objects.requireNonNull(checkpoint, "checkpoint");
    }
  }

  /**
   * The run finished.
   *
   * @param seconds wall-clock duration of the run
   */
  record RunCompleted(double seconds) implements TaoEvent {
    public RunCompleted {
      if (!(seconds >= 0.0) || Double.isInfinite(seconds)) {
        throw new ConfigurationException("seconds must be finite and >= 0, got " + seconds);
      }
    }
  }

  /**
   * The run continues an interrupted run from its resume state, after the run's settings (and, when
   * it resumes inside a round, that round's prompts) were checked against the state.
   *
   * @param stepsDone steps the interrupted run had completed (across rounds, rolled-back ones
   *     included) when the state was written
   * @param round 0-based round of the next step
   * @param step 0-based index within {@code round} of the next step
   * @param state the state folder resumed from
   * @since 0.4
   */
  record RunResumed(long stepsDone, int round, int step, Path state) implements TaoEvent {
    public RunResumed {
      requireNonNegative(stepsDone, "stepsDone");
      requireNonNegative(round, "round");
      requireNonNegative(step, "step");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * A resume state was written (synced and moved into place): a run interrupted from now on
   * resumes here.
   *
   * @param stepsDone steps completed so far (across rounds, rolled-back ones included)
   * @param round 0-based round of the next step
   * @param step 0-based index within {@code round} of the next step
   * @param state the state folder
   * @since 0.4
   */
  record StateSaved(long stepsDone, int round, int step, Path state) implements TaoEvent {
    public StateSaved {
      requireNonNegative(stepsDone, "stepsDone");
      requireNonNegative(round, "round");
      requireNonNegative(step, "step");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Something a user should know that does not stop the run (a round with no learning signal, many
   * truncated completions).
   *
   * @param message what happened and what to do about it; never blank
   */
  record Warning(String message) implements TaoEvent {
    public Warning {
      Objects.requireNonNull(message, "message");
      if (message.isBlank()) {
        throw new ConfigurationException("warning message must not be blank");
      }
    }
  }

  private static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new ConfigurationException(name + " must be >= 0, got " + value);
    }
  }
}
