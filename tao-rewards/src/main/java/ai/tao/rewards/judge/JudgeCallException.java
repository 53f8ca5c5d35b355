package ai.tao.rewards.judge;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt at a judge call failed. Internal: the scorer turns it into a retry or, once retries
 * are spent, into a not-applicable score and a counted failure; it never reaches the caller.
 */
final class JudgeCallException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final transient Optional<Duration> retryAfter;

  JudgeCallException(String message, boolean retryable, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** Whether another attempt may succeed: a 429, a 5xx, a timeout, a broken connection or body. */
  boolean retryable() {
    return retryable;
  }

  /** The server's {@code Retry-After}, if it sent one in seconds. */
  Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
