package ai.tao.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM (a container stop, {@code kill}) and SIGINT (Ctrl-C) into a request to stop at the
 * next step boundary: pass it as {@link TuneRequest.Builder#stopWhen}, and the run finishes the
 * step it is in, writes its resume state (with {@code checkpointEvery > 0}) and returns with {@link
 * TuneResult.End#STOP_REQUESTED}; the program then ends normally, with exit status 0.
 *
 * <pre>{@code
 * try (StopSignal stop = StopSignal.install();     // first, so it is closed last
 *      DecoderPolicy policy = DecoderPolicy.load(dir);
 *      GrpoTrainer trainer = Trainers.grpo().trainer(policy)) {
 *   TuneResult r = Tao.tune(request.stopWhen(stop).checkpointEvery(20).build());
 * }
 * }</pre>
 *
 * <p><b>Why not only a shutdown hook.</b> On SIGTERM the JVM starts shutting down while the main
 * thread may be deep in native code (a backward pass in libtorch); the process then exits under it,
 * which has crashed the JVM with SIGSEGV in libtorch. Nothing native may be closed from a hook's
 * thread either while the loop uses it. So the signals are caught (through {@code sun.misc.Signal},
 * in the {@code jdk.unsupported} module) and only set a flag: the JVM does not begin to shut down
 * at all, and the loop ends at a step boundary on its own thread. A second signal only says that
 * the stop is under way; {@code kill -9} ends the process at once (the last resume state stays).
 *
 * <p>Shutdowns that are not these signals (SIGHUP, {@code System.exit} from other code), or every
 * shutdown where the signals cannot be caught (a JVM run with {@code -Xrs}), go through a shutdown
 * hook instead: it sets the same flag and then waits, at most {@code grace}, until this object is
 * closed, so the loop can finish its step and write its state before the JVM exits. Close it after
 * the policy and trainer (declare it first in the try), so the JVM never exits while their native
 * memory is being freed.
 *
 * <p>The flag is polled after every step, so a signal that comes before the run starts (while a
 * model loads) still lets it take one step before it stops. Closing puts the previous signal
 * handlers back and removes the hook. One instance at a time.
 *
 * @since 0.4
 */
public final class StopSignal implements BooleanSupplier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
  /** How long the shutdown hook waits for the run to stop, unless said otherwise. */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Signal> caught = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private final Thread hook;
  private volatile String cause = "";

  private StopSignal(Duration grace) {
    for (String name : SIGNALS) {
      try {
        Signal sig = new Signal(name);
        previous.add(Signal.handle(sig, this::onSignal));
        caught.add(sig);
      } catch (IllegalArgumentException | LinkageError e) {
        LOG.warn("cannot catch SIG{} ({}); a shutdown hook will wait up to {} for the run to stop instead", name, e,
            grace);
      }
    }
    hook = new Thread(() -> {
      request("the JVM is shutting down");
      try {
        if (!closed.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("the run did not stop within {}; the JVM exits now", grace);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tao-stop-signal");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Catches SIGTERM and SIGINT; a shutdown hook waits up to {@link #DEFAULT_GRACE}. */
  public static StopSignal install() {
    return install(DEFAULT_GRACE);
  }

  /**
   * Catches SIGTERM and SIGINT; for other shutdowns a hook waits up to {@code grace} for {@link
   * #close()}.
   */
  public static StopSignal install(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    return new StopSignal(grace);
  }

  private void onSignal(Signal sig) {
    if (stop.get()) {
      LOG.warn("SIG{} again: the run is already stopping after the current step and writing its resume state;"
          + " kill -9 ends it at once", sig.getName());
      return;
    }
    request("SIG" + sig.getName());
  }

  /** Asks the run to stop, as a signal does; {@code why} is logged. */
  public void request(String why) {
    if (stop.compareAndSet(false, true)) {
      cause = why;
      LOG.warn("{}: stopping after the current step (a resume state is written when checkpointEvery > 0)", why);
    }
  }

  /** Whether a stop was asked for. */
  @Override
  public boolean getAsBoolean() {
    return stop.get();
  }

  /** What asked to stop ("SIGTERM", ...); empty while none did. */
  public String cause() {
    return cause;
  }

  /** Puts the previous signal handlers back, removes the hook, and lets a waiting shutdown go on. */
  @Override
  public void close() {
    for (int i = 0; i < caught.size(); i++) {
      try {
        Signal.handle(caught.get(i), previous.get(i));
      } catch (IllegalArgumentException e) {
        LOG.debug("cannot restore the handler of {}: {}", caught.get(i), e.toString());
      }
    }
    caught.clear();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running and waits for the latch below
    }
    closed.countDown();
  }

  @Override
  public String toString() {
    return stop.get() ? "StopSignal[stop requested: " + cause + "]" : "StopSignal[waiting]";
  }
}
