package ai.tao.spark;

import ai.tao.spark.Wire.WireRollout;
import java.io.Serializable;
import java.util.ArrayList;

/**
 * What a task sends back: the shard's scored rollouts, or the failure that stopped it (a scorer's
 * failure is a result, not a task failure: retrying it elsewhere would fail the same way).
 *
 * @param shard index of the shard in the step
 * @param rollouts the scored rollouts in prompt order; empty when {@code failure} is set
 * @param failure what failed, naming the prompt; null on success
 * @param failureType the stage and the simple class name of the exception that failed the shard
 *     ({@code scoring:ScoringException}); null on success
 * @param executor where it ran (executor id and host)
 * @param sampleNanos time spent sampling
 * @param scoreNanos time spent scoring
 * @param scorerCounters what the scorer counted for this shard ({@link ai.tao.api.Scorer#drainCounters})
 */
record ShardResult(int shard, ArrayList<WireRollout> rollouts, String failure, String failureType, String executor,
    long sampleNanos, long scoreNanos, java.util.LinkedHashMap<String, Double> scorerCounters)
    implements Serializable {}
