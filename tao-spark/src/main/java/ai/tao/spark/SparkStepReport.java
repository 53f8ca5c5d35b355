package ai.tao.spark;

import java.util.Map;
import java.util.Set;

/**
 * How the cluster spent one step's sampling and scoring, for throughput and idle-time reports.
 *
 * @param snapshot the policy snapshot the step sampled (its version number)
 * @param stale whether the step took rollouts sampled while the driver trained the step before,
 *     from the weights before that update ({@link SparkGenerator.Builder#staleness} 1)
 * @param tasks Spark tasks (prompt shards) of the step
 * @param executors the executors that returned a shard (id and host)
 * @param waitSeconds how long the driver's loop waited for the step's rollouts (publishing the
 *     snapshot included, unless it was prefetched)
 * @param publishSeconds time to write the snapshot
 * @param sampleSeconds sampling time summed over the tasks
 * @param scoreSeconds scoring time summed over the tasks
 * @param candidates candidates sampled and scored
 * @param scorerCounters what the scorer counted on the executors, summed over the tasks
 * @since 0.5
 */
public record SparkStepReport(int snapshot, boolean stale, int tasks, Set<String> executors, double waitSeconds,
    double publishSeconds, double sampleSeconds, double scoreSeconds, long candidates,
    Map<String, Double> scorerCounters) {
  public SparkStepReport {
    executors = Set.copyOf(executors);
    scorerCounters = Map.copyOf(scorerCounters);
  }
}
