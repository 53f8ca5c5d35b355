package ai.tao.spark;

import ai.tao.spark.Wire.WirePrompt;
import ai.tao.spark.Wire.WireSampling;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * One Spark task of a step: a shard of the step's prompts and everything an executor needs to sample
 * and score it the way the driver's in-process loop would.
 *
 * @param shard index of the shard in the step
 * @param firstPrompt index of the shard's first prompt in the step
 * @param prompts the prompts as the source gave them (what the scorer judges)
 * @param rendered the same prompts after the generator's template (what the policy samples)
 * @param snapshot the folder of the policy snapshot to sample from, on storage every executor reads
 * @param maxBatchRows the batch size the executor's policy samples in
 * @param sampling the step's sampling settings, its seed included
 * @param scorer the scorer's SPI name
 * @param scorerOptions the scorer's options
 */
record ShardTask(int shard, int firstPrompt, ArrayList<WirePrompt> prompts, ArrayList<WirePrompt> rendered,
    String snapshot, int maxBatchRows, WireSampling sampling, String scorer,
    LinkedHashMap<String, String> scorerOptions)
    implements Serializable {}
