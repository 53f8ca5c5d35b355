package ai.tao.serve.internal;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.GenerationException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the policy: requests queue here, and one thread, the only one that ever touches a policy,
 * takes them in batches and makes one {@link Policy#sample} call per batch.
 *
 * <p><b>Batches.</b> The oldest queued request opens a batch; the batch waits until {@code maxBatch}
 * requests with the same sampling settings (a {@link SamplingParams} equal but for the seed) are
 * queued, or until {@code maxWait} has passed since the oldest arrived, whichever comes first, then
 * takes up to {@code maxBatch} of them in arrival order. Requests with other settings stay queued for
 * the next batch, which again starts from the oldest, so none waits behind a busier setting.
 *
 * <p><b>Seeds.</b> A {@link Policy}'s row {@code r} draws from a stream of (seed, r), and a row's
 * numbers also depend on the prompts padded next to it, so a request's answer depends on its batch
 * position and company. Therefore: a request without a seed is batched and sampled under a seed the
 * batcher draws per batch from its own stream (answers vary from call to call, as in OpenAI's API); a
 * request with a seed is <em>served alone</em>, in a call seeded with its seed where its choices are
 * rows 0..n-1, so the same request, seed and policy version give the same answer whatever other
 * traffic there is. Seeded requests therefore do not benefit from batching. Greedy requests
 * (temperature 0) without a seed are batched: they draw no random numbers, but the padding of a
 * batch can still, at a near tie between two tokens, change a token; send a seed to rule that out.
 *
 * <p><b>Swaps.</b> {@link #swap} takes effect between batches: the batch running keeps its policy;
 * every batch started afterwards, including ones of requests queued before the swap, uses the new
 * one. The future returned completes with the old policy once no batch can use it any more: it is
 * the caller's again (to close, or to train on).
 *
 * <p><b>Failures.</b> When a batch's sample call throws, each of its requests is retried alone, so a
 * request the policy refuses (a prompt longer than the model's context, a chat the template rejects)
 * fails by itself: with a 400 when the policy threw a {@link ConfigurationException} or a {@link
 * DataInputException}, a 500 otherwise. The thread survives every exception.
 */
public final class Batcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

  /** What a request gets back: its rollout and the version that sampled it. */
  public record Served(Rollout rollout, String version) {}

  private record Job(Prompt prompt, SamplingParams params, boolean seeded, long enqueuedNanos,
      CompletableFuture<Served> result) {}

  private record Swap(Policy policy, String version, CompletableFuture<Policy> previous) {}

  private final int maxBatch;
  private final long maxWaitNanos;
  private final SplittableRandom batchSeeds;
  private final GatewayMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Job> pending = new ArrayDeque<>();
  private final Thread thread;
  private Swap next; // guarded by lock
  private boolean stopping; // guarded by lock
  private boolean noWait; // guarded by lock: batches go as soon as they are opened
  private Policy policy; // the batcher thread's
  private volatile String version;
  private volatile long versionSinceEpochSecond = Instant.now().getEpochSecond();

  public Batcher(Policy policy, String version, int maxBatch, Duration maxWait, long seed, GatewayMetrics metrics) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.version = Objects.requireNonNull(version, "version");
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.batchSeeds = new SplittableRandom(seed);
    this.metrics = metrics;
    this.thread = new Thread(this::loop, "tao-gateway-batcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** The version new batches are sampled with (a swap not yet applied excluded). */
  public String version() {
    return version;
  }

  /** When the current version started serving, in seconds since the epoch. */
  public long versionSinceEpochSecond() {
    return versionSinceEpochSecond;
  }

  /** Requests waiting for a batch. */
  public int queueDepth() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a request.
   *
   * @param params its sampling settings; the seed is used only when {@code seeded}
   * @throws ConfigurationException if the batcher is closed
   */
  public CompletableFuture<Served> submit(Prompt prompt, SamplingParams params, boolean seeded) {
    CompletableFuture<Served> result = new CompletableFuture<>();
    SamplingParams key = seeded ? params : params.toBuilder().seed(0).build();
    lock.lock();
    try {
      if (stopping) {
        throw new ConfigurationException("the gateway's batcher is closed: no more requests are taken");
      }
      pending.addLast(new Job(prompt, key, seeded, System.nanoTime(), result));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return result;
  }

  /**
   * Serves {@code newPolicy} from the next batch on.
   *
   * @return completes with the policy served until then, once no batch uses it any more; if this swap
   *     is itself replaced by a later one before it took effect, completes with {@code newPolicy},
   *     never served
   * @throws ConfigurationException if the batcher is closed
   */
  public CompletableFuture<Policy> swap(Policy newPolicy, String newVersion) {
    CompletableFuture<Policy> previous = new CompletableFuture<>();
    Swap superseded;
    lock.lock();
    try {
      if (stopping) {
        throw new ConfigurationException("the gateway is closed: cannot swap to version " + newVersion);
      }
      superseded = next;
      next = new Swap(newPolicy, newVersion, previous);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (superseded != null) {
      LOG.info("swap to version {} replaced by a swap to {} before it took effect", superseded.version(), newVersion);
      superseded.previous().complete(superseded.policy());
    }
    return previous;
  }

  /**
   * From now on, batches no longer wait to fill: for a shutdown, when no more requests will come to
   * share them. Requests are still taken.
   */
  public void stopWaiting() {
    lock.lock();
    try {
      noWait = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Serves every queued request (and applies a swap asked for before), then stops the thread; no
   * policy is used by the gateway afterwards. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (true) {
      List<Job> batch;
      Swap swap = null;
      lock.lock();
      try {
        while (pending.isEmpty() && next == null && !stopping) {
          changed.awaitUninterruptibly();
        }
        if (next != null) {
          swap = next;
          next = null;
        } else if (pending.isEmpty()) {
          return; // stopping, and everything is served
        }
        batch = swap != null ? List.of() : takeBatch();
      } finally {
        lock.unlock();
      }
      if (swap != null) {
        apply(swap);
      } else {
        run(batch);
      }
    }
  }

  /** Under the lock: waits for the oldest request's batch to fill or its wait to end, and takes it. */
  private List<Job> takeBatch() {
    Job first = pending.getFirst();
    if (!first.seeded()) {
      long deadline = first.enqueuedNanos() + maxWaitNanos;
      long left;
      while (!stopping && !noWait && next == null && countLike(first) < maxBatch
          && (left = deadline - System.nanoTime()) > 0) {
        try {
          changed.awaitNanos(left);
        } catch (InterruptedException e) {
          break; // only close() stops the thread
        }
      }
    }
    List<Job> batch = new ArrayList<>(Math.min(maxBatch, pending.size()));
    for (Iterator<Job> it = pending.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
      Job j = it.next();
      if (j == first || (!first.seeded() && !j.seeded() && j.params().equals(first.params()))) {
        batch.add(j);
        it.remove();
      }
      if (first.seeded()) {
        break; // a seeded request is served alone
      }
    }
    return batch;
  }

  private int countLike(Job first) {
    int n = 0;
    for (Job j : pending) {
      if (!j.seeded() && j.params().equals(first.params())) {
        n++;
      }
    }
    return n;
  }

  private void apply(Swap swap) {
    Policy old = policy;
    String oldVersion = version;
    policy = swap.policy();
    version = swap.version();
    versionSinceEpochSecond = Instant.now().getEpochSecond();
    LOG.info("now serving version {} (was {})", version, oldVersion);
    swap.previous().complete(old);
  }

  private void run(List<Job> batch) {
    Job first = batch.get(0);
    SamplingParams params = first.seeded() ? first.params() : first.params().toBuilder().seed(batchSeeds.nextLong())
        .build();
    List<Prompt> prompts = new ArrayList<>(batch.size());
    for (Job j : batch) {
      prompts.add(j.prompt());
    }
    List<Rollout> rollouts;
    try {
      rollouts = policy.sample(prompts, params);
      if (rollouts.size() != batch.size()) {
        throw new GenerationException("policy " + policy.name() + " returned " + rollouts.size() + " rollouts for "
            + batch.size() + " prompts");
      }
    } catch (RuntimeException | Error e) {
      if (batch.size() > 1) {
        LOG.warn("a batch of {} failed ({}); serving its requests one by one", batch.size(), e.toString());
        for (Job j : batch) {
          run(List.of(j));
        }
      } else {
        first.result().completeExceptionally(e);
      }
      return;
    }
    metrics.batch(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(new Served(rollouts.get(i), version));
    }
  }

  /** How a failed request is answered: the policy's refusal of a request is the client's error. */
  public static ApiError toApiError(Throwable failure, String param) {
    if (failure instanceof ConfigurationException || failure instanceof DataInputException) {
      return new ApiError(400, ApiError.INVALID_REQUEST, param, "rejected_by_policy",
          "the policy cannot serve this request: " + failure.getMessage());
    }
    return new ApiError(500, ApiError.SERVER, null, "generation_failed",
        "generation failed on the server (" + failure.getClass().getSimpleName() + "); the error is logged");
  }
}
