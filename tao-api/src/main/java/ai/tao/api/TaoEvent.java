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
   * @param round 0-based round index
   * @param step 0-based step index within the round, below {@code totalSteps}
   * @param totalSteps steps planned for this round, at least 1
   * @param metrics the step's metrics
   */
  record StepCompleted(int round, int step, int totalSteps, Map<String, Double> metrics)
      implements TaoEvent {
    public StepCompleted {
      requireNonNegative(round, "round");
      if (totalSteps <= 0) {
        throw new IllegalArgumentException("totalSteps must be > 0, got " + totalSteps);
      }
      if (step < 0 || step >= totalSteps) {
        throw new IllegalArgumentException(
            "step must be in [0, " + totalSteps + "), got " + step);
      }
      metrics = Copies.orderedMap(metrics, "metrics");
    }
  }

  /**
   * A round finished.
   *
   * @param round 0-based round index
   * @param metrics round-level metrics (mean score, share of truncated completions, ...)
   * @param checkpoint where the policy was saved after this round, if it was
   */
  record RoundCompleted(int round, Map<String, Double> metrics, Optional<Path> checkpoint)
      implements TaoEvent {
    public RoundCompleted {
      requireNonNegative(round, "round");
      metrics = Copies.orderedMap(metrics, "metrics");
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
        throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
      }
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
        throw new IllegalArgumentException("warning message must not be blank");
      }
    }
  }

  private static void requireNonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }
}
