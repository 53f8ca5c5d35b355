package ai.tao.core;

import ai.tao.api.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Tao#tune} returns.
 *
 * @param policy the tuned policy (the same object, updated in place)
 * @param steps metrics of every step, in order
 * @param checkpoints one folder per completed round, when an output folder was given
 * @param metricsFile the JSONL metrics file, when an output folder was given
 * @param collapseStops why rounds were stopped early, if any were
 * @param seconds wall time of the run
 * @since 0.1
 */
public record TuneResult(Policy policy, List<Map<String, Double>> steps, List<Path> checkpoints,
    Optional<Path> metricsFile, List<String> collapseStops, double seconds) {
  public TuneResult {
    steps = List.copyOf(steps);
    checkpoints = List.copyOf(checkpoints);
    collapseStops = List.copyOf(collapseStops);
  }
}
