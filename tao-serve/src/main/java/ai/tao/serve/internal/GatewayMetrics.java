package ai.tao.serve.internal;

import ai.tao.serve.ServingStats;
import ai.tao.serve.table.TableStats;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's counters: replies by status, tokens, latencies, batches. Thread-safe; recording is a
 * few atomic adds, or a short lock for the latency window.
 */
public final class GatewayMetrics {
  /** Latencies kept for the quantiles: the most recent ones. */
  static final int LATENCY_WINDOW = 8192;
  /** Seconds over which tokens per second are averaged. */
  static final int RATE_WINDOW_S = 60;

  private final long startNanos = System.nanoTime();
  private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder completionTokens = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder batchedRequests = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final double[] latencies = new double[LATENCY_WINDOW];
  private long latencyCount;
  /** Completion tokens per second of uptime, in a ring of {@link #RATE_WINDOW_S} buckets. */
  private final long[] tokenBuckets = new long[RATE_WINDOW_S];
  private final long[] bucketSecond = new long[RATE_WINDOW_S];

  public void started() {
    inFlight.incrementAndGet();
  }

  /** A reply sent, with its HTTP status. */
  public void replied(int status) {
    byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    inFlight.decrementAndGet(); // last: once nothing is in flight (close() waits for that), every reply is counted
  }

  /** Usage of one served completion request. */
  public void served(int prompt, int completion, double latencyMs) {
    promptTokens.add(prompt);
    completionTokens.add(completion);
    long second = (System.nanoTime() - startNanos) / 1_000_000_000L;
    synchronized (this) {
      latencies[(int) (latencyCount % LATENCY_WINDOW)] = latencyMs;
      latencyCount++;
      int b = (int) (second % RATE_WINDOW_S);
      if (bucketSecond[b] != second) {
        bucketSecond[b] = second;
        tokenBuckets[b] = 0;
      }
      tokenBuckets[b] += completion;
    }
  }

  /** One sampler call of {@code requests} requests. */
  public void batch(int requests) {
    batches.increment();
    batchedRequests.add(requests);
  }

  public int inFlight() {
    return inFlight.get();
  }

  public ServingStats snapshot(String version, int queueDepth, Optional<TableStats> table) {
    double uptime = (System.nanoTime() - startNanos) / 1e9;
    long second = (long) uptime;
    double[] window;
    long tokensInWindow = 0;
    synchronized (this) {
      window = Arrays.copyOf(latencies, (int) Math.min(latencyCount, LATENCY_WINDOW));
      for (int b = 0; b < RATE_WINDOW_S; b++) {
        if (second - bucketSecond[b] < RATE_WINDOW_S && bucketSecond[b] <= second) {
          tokensInWindow += tokenBuckets[b];
        }
      }
    }
    Arrays.sort(window);
    // The window reaches back RATE_WINDOW_S seconds, or to the start when the gateway is younger.
    double span = Math.max(Math.min(uptime, RATE_WINDOW_S), 1e-3);
    Map<Integer, Long> statuses = new TreeMap<>();
    byStatus.forEach((s, n) -> statuses.put(s, n.sum()));
    long b = batches.sum();
    return new ServingStats(version, uptime, statuses, inFlight.get(), queueDepth, promptTokens.sum(),
        completionTokens.sum(), tokensInWindow / span, quantile(window, 0.50), quantile(window, 0.90),
        quantile(window, 0.99), window.length, b, b == 0 ? 0.0 : (double) batchedRequests.sum() / b, table);
  }

  /** The nearest-rank quantile of sorted values; 0 when there are none. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0.0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
