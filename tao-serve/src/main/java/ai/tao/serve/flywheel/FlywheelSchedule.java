package ai.tao.serve.flywheel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns of a {@link Flywheel} on a schedule ({@link Flywheel#every}): one daemon thread runs a turn,
 * waits the period, runs the next. A turn that throws (anything, errors included) is logged and
 * counted, and the next one still runs. Closing it lets a running turn finish and starts no other.
 *
 * @since 0.5
 */
public final class FlywheelSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlywheelSchedule.class);

  private final ScheduledExecutorService executor;
  private final AtomicReference<TurnReport> last = new AtomicReference<>();
  private final AtomicInteger turns = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();

  private FlywheelSchedule(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  static FlywheelSchedule start(Flywheel flywheel, Duration period, Consumer<TurnReport> onTurn) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(onTurn, "onTurn");
    if (period.isNegative() || period.isZero()) {
      throw new ai.tao.api.ConfigurationException("a flywheel schedule needs a positive period, got " + period);
    }
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tao-flywheel");
      t.setDaemon(true);
      return t;
    });
    FlywheelSchedule s = new FlywheelSchedule(ex);
    ex.scheduleWithFixedDelay(() -> s.runOnce(flywheel, onTurn), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return s;
  }

  private void runOnce(Flywheel flywheel, Consumer<TurnReport> onTurn) {
    TurnReport r;
    try {
      r = flywheel.turn();
    } catch (Throwable e) { // nothing may escape: the executor would cancel every later turn without a word
      failures.incrementAndGet();
      LOG.error("flywheel turn failed; the next turn carries on with its dataset if one is pending", e);
      return;
    }
    last.set(r);
    turns.incrementAndGet();
    try {
      onTurn.accept(r);
    } catch (Throwable e) {
      LOG.error("the flywheel schedule's callback failed on a turn that completed ({})", r.outcome(), e);
    }
  }

  /** The last completed turn's report. */
  public Optional<TurnReport> lastReport() {
    return Optional.ofNullable(last.get());
  }

  /** Turns completed. */
  public int turns() {
    return turns.get();
  }

  /** Turns that threw. */
  public int failures() {
    return failures.get();
  }

  /** Stops scheduling and waits up to {@code timeout} for a running turn to end; false if it did not. */
  public boolean close(Duration timeout) throws InterruptedException {
    executor.shutdown();
    return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops scheduling and waits for a running turn to end, however long it takes. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.info("waiting for the running flywheel turn to end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
