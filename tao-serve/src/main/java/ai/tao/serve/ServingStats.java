package ai.tao.serve;

import ai.tao.serve.table.TableStats;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a {@link Gateway}'s counters since it started: what {@code GET /metrics} answers.
 *
 * @param version the policy version serving now
 * @param uptimeSeconds seconds since the gateway was built
 * @param requestsByStatus replies sent, by HTTP status
 * @param inFlight requests being handled right now
 * @param queueDepth requests waiting for a batch
 * @param promptTokens prompt tokens of served completions, in total
 * @param completionTokens completion tokens served, in total
 * @param tokensPerSecond completion tokens served per second over the last minute (or since the
 *     start, when the gateway is younger)
 * @param latencyP50Ms median latency of served completions, milliseconds, over the last {@code
 *     latencySamples}
 * @param latencyP90Ms 90th percentile, as the median
 * @param latencyP99Ms 99th percentile, as the median
 * @param latencySamples how many of the most recent served completions the quantiles cover
 * @param batches sampler calls made
 * @param meanBatchSize requests per sampler call, on average
 * @param table the inference table's counters, when the gateway writes one
 * @since 0.3
 */
public record ServingStats(
    String version,
    double uptimeSeconds,
    Map<Integer, Long> requestsByStatus,
    int inFlight,
    int queueDepth,
    long promptTokens,
    long completionTokens,
    double tokensPerSecond,
    double latencyP50Ms,
    double latencyP90Ms,
    double latencyP99Ms,
    int latencySamples,
    long batches,
    double meanBatchSize,
    Optional<TableStats> table) {

  public ServingStats {
    requestsByStatus = Map.copyOf(requestsByStatus);
  }

  /** Replies with this status so far. */
  public long requests(int status) {
    return requestsByStatus.getOrDefault(status, 0L);
  }

  /** Replies with a status from {@code from} to {@code to}, both included. */
  public long requests(int from, int to) {
    return requestsByStatus.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() <= to)
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** The snapshot as the metrics endpoint's JSON. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("version", version);
    n.put("uptime_s", uptimeSeconds);
    ObjectNode statuses = n.putObject("requests_by_status");
    new java.util.TreeMap<>(requestsByStatus).forEach((s, c) -> statuses.put(String.valueOf(s), c));
    n.put("requests_total", requests(0, 999));
    n.put("in_flight", inFlight);
    n.put("queue_depth", queueDepth);
    n.put("prompt_tokens", promptTokens);
    n.put("completion_tokens", completionTokens);
    n.put("tokens_per_s", tokensPerSecond);
    ObjectNode latency = n.putObject("latency_ms");
    latency.put("p50", latencyP50Ms);
    latency.put("p90", latencyP90Ms);
    latency.put("p99", latencyP99Ms);
    latency.put("samples", latencySamples);
    n.put("batches", batches);
    n.put("mean_batch_size", meanBatchSize);
    table.ifPresent(t -> {
      ObjectNode tn = n.putObject("inference_table");
      tn.put("rows_written", t.written());
      tn.put("rows_dropped", t.dropped());
      tn.put("rows_failed", t.failed());
      tn.put("rows_queued", t.queued());
    });
    return n;
  }
}
