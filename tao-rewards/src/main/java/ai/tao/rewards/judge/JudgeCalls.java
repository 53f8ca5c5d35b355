package ai.tao.rewards.judge;

import ai.tao.api.ScoringException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the planned calls of one group: each is answered from the cache, skipped when the budget is
 * spent, or sent, with retries, on the judge's own executor. At most {@code concurrency} requests
 * are in flight at once (a semaphore held only while a request is out, so a call waiting out its
 * backoff does not hold up the others). Outcomes come back in plan order, so the scores never
 * depend on which call finished first.
 */
final class JudgeCalls implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final JudgeMode mode;
  private final OpenAiChatClient client;
  private final Optional<JudgeCache> cache;
  private final JudgeBudget budget;
  private final JudgeCounters counters;
  private final RetryPolicy retry;
  private final Semaphore inFlight;
  private final ExecutorService executor;

  JudgeCalls(JudgeMode mode, OpenAiChatClient client, Optional<JudgeCache> cache, JudgeBudget budget,
      JudgeCounters counters, RetryPolicy retry, int concurrency) {
    this.mode = mode;
    this.client = client;
    this.cache = cache;
    this.budget = budget;
    this.counters = counters;
    this.retry = retry;
    this.inFlight = new Semaphore(concurrency);
    // Twice the permits: calls sleeping between attempts leave their permit to the others.
    this.executor = Executors.newFixedThreadPool(2 * concurrency, daemonThreads());
  }

  private static ThreadFactory daemonThreads() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "llm-judge-" + pool + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The outcome of every call, in plan order.
   *
   * @throws ScoringException if the thread is interrupted while waiting
   */
  List<JudgeOutcome> run(List<JudgeCall> calls) {
    JudgeOutcome[] outcomes = new JudgeOutcome[calls.size()];
    List<Future<JudgeOutcome>> pending = new ArrayList<>();
    List<Integer> pendingIndex = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      JudgeCall call = calls.get(i);
      String body = client.body(call.system(), call.user());
      String key = JudgeCache.key(mode, body);
      Optional<ChatReply> cached = cache.flatMap(c -> c.get(key));
      if (cached.isPresent()) {
        counters.cacheHit();
        outcomes[i] = JudgeOutcome.replied(cached.get().content());
      } else if (!budget.tryReserve()) {
        counters.budgetSkipped();
        outcomes[i] = JudgeOutcome.none(budget.spentReason());
      } else {
        pending.add(executor.submit(() -> send(body, key)));
        pendingIndex.add(i);
      }
    }
    try {
      for (int k = 0; k < pending.size(); k++) {
        outcomes[pendingIndex.get(k)] = pending.get(k).get();
      }
    } catch (InterruptedException e) {
      pending.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new ScoringException("llm-judge was interrupted while waiting for " + client.endpoint(), e);
    } catch (ExecutionException e) {
      throw new ScoringException("llm-judge call to " + client.endpoint() + " failed unexpectedly: " + e.getCause(),
          e.getCause());
    }
    return Arrays.asList(outcomes);
  }

  private JudgeOutcome send(String body, String key) {
    for (int attempt = 0; ; attempt++) {
      try {
        ChatReply reply;
        inFlight.acquire();
        try {
          reply = client.send(body);
        } finally {
          inFlight.release();
        }
        budget.spent(reply.tokens());
        counters.called(reply);
        cache.ifPresent(c -> c.put(key, reply));
        return JudgeOutcome.replied(reply.content());
      } catch (JudgeCallException e) {
        if (!e.retryable() || attempt >= retry.maxRetries()) {
          return failed("judge call to " + client.endpoint() + " failed after " + (attempt + 1)
              + " attempt(s): " + e.getMessage());
        }
        counters.retried();
        try {
          Thread.sleep(retry.delay(attempt, e.retryAfter(), ThreadLocalRandom.current()).toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return failed("judge call to " + client.endpoint() + " interrupted while waiting to retry");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed("judge call to " + client.endpoint() + " interrupted");
      }
    }
  }

  private JudgeOutcome failed(String reason) {
    counters.callFailed(reason);
    return JudgeOutcome.none(reason);
  }

  /** Stops the executor; calls still running are interrupted. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
