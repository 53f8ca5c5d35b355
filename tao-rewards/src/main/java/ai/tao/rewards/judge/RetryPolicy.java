package ai.tao.rewards.judge;

import ai.tao.api.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a judge call is retried after a 429, a 5xx, a timeout or a broken connection: up to {@code
 * maxRetries} more attempts, waiting {@code initialBackoff · 2^attempt} (at most {@code maxBackoff})
 * with jitter, so that callers rejected together do not come back together. A {@code Retry-After}
 * header (seconds) replaces the backoff, capped by {@code maxBackoff}. Waiting changes only how long
 * a call takes, never its result.
 *
 * @param maxRetries attempts after the first; 0 disables retrying. Default 3
 * @param initialBackoff the wait before the first retry, before jitter. Default 500 ms
 * @param maxBackoff the longest wait, also for {@code Retry-After}. Default 30 s
 * @since 0.3
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

  /** 3 retries, 500 ms doubling, 30 s at most. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30));

  /** @throws ConfigurationException if a count or a duration is negative, or the cap is below the start */
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxRetries < 0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new ConfigurationException("judge retry policy needs maxRetries >= 0 and 0 <= initialBackoff <="
          + " maxBackoff, got " + maxRetries + ", " + initialBackoff.toMillis() + " ms, "
          + maxBackoff.toMillis() + " ms");
    }
  }

  /**
   * The wait before retry number {@code retry} (0 for the first): {@code retryAfter} if the server
   * sent one, else the doubled backoff with equal jitter (between half and all of it); either capped
   * by {@link #maxBackoff}.
   */
  Duration delay(int retry, Optional<Duration> retryAfter, RandomGenerator random) {
    if (retryAfter.isPresent()) {
      return min(retryAfter.get(), maxBackoff);
    }
    long cap = maxBackoff.toNanos();
    long base = initialBackoff.toNanos();
    for (int i = 0; i < retry && base < cap; i++) {
      base *= 2;
    }
    base = Math.min(base, cap);
    return Duration.ofNanos(base / 2 + (long) (random.nextDouble() * (base - base / 2)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
