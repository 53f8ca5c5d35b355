package ai.tao.spark;

import java.util.Map;
import java.util.Set;

/**
 * How the cluster spent one step's sampling and scoring, for throughput and idle-time reports.
 *
 * @param snapshot the policy snapshot the step sampled (its version number)
 * @param tasks Spark tasks (prompt shards) of the step
 * @param executors the executors that returned a shard (id and host)
 * @param wallSeconds the driver's wait, from publishing the snapshot to the last result
 * @param publishSeconds of which writing the snapshot
 * @param sampleSeconds sampling time summed over the tasks
 * @param scoreSeconds scoring time summed over the tasks
 * @param candidates candidates sampled and scored
 * @param scorerCounters what the scorer counted on the executors, summed over the tasks
 * @since 0.5
 */
public record SparkStepReport(int snapshot, int tasks, Set<String> executors, double wallSeconds,
    double publishSeconds, double sampleSeconds, double scoreSeconds, long candidates,
    Map<String, Double> scorerCounters) {
  public SparkStepReport {
    executors = Set.copyOf(executors);
    scorerCounters = Map.copyOf(scorerCounters);
  }
}
