package ai.tao.spark;

import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.core.policy.DecoderPolicy;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor JVM keeps between tasks: the policies loaded from each published snapshot and the
 * scorers built from SPI names. A snapshot is loaded once per JVM and task slot, and reused by every
 * later task of that version; a task borrows an instance and gives it back, since a policy and a
 * scorer serve one call at a time. Policies of all but the {@value #KEPT_VERSIONS} newest snapshots
 * are closed as soon as no task holds them.
 */
final class ExecutorCache {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCache.class);
  /** The version in use and the one before it (a run that allows one step of staleness samples both). */
  static final int KEPT_VERSIONS = 2;

  private static final Pool<DecoderPolicy> POLICIES = new Pool<>(KEPT_VERSIONS);
  private static final Pool<Scorer> SCORERS = new Pool<>(Integer.MAX_VALUE);
  private static final AtomicLong POLICY_LOADS = new AtomicLong();
  private static final AtomicLong SCORER_BUILDS = new AtomicLong();

  private ExecutorCache() {}

  static DecoderPolicy borrowPolicy(String snapshot, int maxBatchRows) {
    return POLICIES.borrow(snapshot + "#" + maxBatchRows, () -> {
      POLICY_LOADS.incrementAndGet();
      LOG.info("loading policy snapshot {} (maxBatchRows {})", snapshot, maxBatchRows);
      return DecoderPolicy.load(Path.of(snapshot), maxBatchRows);
    });
  }

  static void returnPolicy(String snapshot, int maxBatchRows, DecoderPolicy p) {
    POLICIES.giveBack(snapshot + "#" + maxBatchRows, p);
  }

  static Scorer borrowScorer(String name, Map<String, String> options) {
    return SCORERS.borrow(name + options, () -> {
      SCORER_BUILDS.incrementAndGet();
      return ScorerRegistry.load().create(name, new ScorerOptions(options));
    });
  }

  static void returnScorer(String name, Map<String, String> options, Scorer s) {
    SCORERS.giveBack(name + options, s);
  }

  /** Snapshots loaded in this JVM so far (each once per task slot). */
  static long policyLoads() {
    return POLICY_LOADS.get();
  }

  /** Scorers built in this JVM so far. */
  static long scorerBuilds() {
    return SCORER_BUILDS.get();
  }

  /** Idle instances by key, newest key last; instances of keys beyond the newest {@code keep} are closed. */
  private static final class Pool<V extends AutoCloseable> {
    private final int keep;
    private final LinkedHashMap<String, Deque<V>> idle = new LinkedHashMap<>();

    Pool(int keep) {
      this.keep = keep;
    }

    V borrow(String key, Supplier<V> create) {
      synchronized (this) {
        Deque<V> free = idle.remove(key);
        if (free == null) {
          free = new ArrayDeque<>();
        }
        idle.put(key, free); // most recently used last
        retireOld();
        if (!free.isEmpty()) {
          return free.pop();
        }
      }
      return create.get(); // outside the lock: loading a model takes a while
    }

    void giveBack(String key, V v) {
      synchronized (this) {
        Deque<V> free = idle.get(key);
        if (free != null) {
          free.push(v);
          return;
        }
      }
      close(v); // its version was retired while the task held it
    }

    private void retireOld() {
      int excess = idle.size() - keep;
      Iterator<Map.Entry<String, Deque<V>>> it = idle.entrySet().iterator();
      while (excess > 0 && it.hasNext()) {
        Map.Entry<String, Deque<V>> e = it.next();
        e.getValue().forEach(Pool::close);
        it.remove();
        excess--;
      }
    }

    private static void close(AutoCloseable v) {
      try {
        v.close();
      } catch (Exception e) {
        LOG.warn("closing a cached {} failed", v, e);
      }
    }
  }
}
