package ai.tao.benchmarks.suite;

import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.ForwardingScorer;
import java.util.List;

/**
 * A scorer that also owns what it runs on (a database, an executor) and closes it after itself, so
 * a task can hand the suite one thing to close.
 */
public final class OwningScorer extends ForwardingScorer {
  private final List<AutoCloseable> owned;

  /** {@code scorer}, closing {@code owned} in order after it. */
  public OwningScorer(Scorer scorer, List<AutoCloseable> owned) {
    super(scorer);
    this.owned = List.copyOf(owned);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      delegate.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + c + ": " + e, e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
