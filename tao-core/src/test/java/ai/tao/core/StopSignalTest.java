package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The in-process half of StopSignal (the signals themselves: KillResumeTest's SIGTERM child). */
class StopSignalTest {

  /**
   * What handles {@code sig} now, left in place. (Swapped out through a Java handler: swapping in
   * SIG_IGN and back does not restore the JVM's own handler.) sun.misc wraps the JVM's handler
   * anew on every call, so handlers compare by what they print.
   */
  static String current(Signal sig) {
    SignalHandler h = Signal.handle(sig, s -> {});
    Signal.handle(sig, h);
    return h.toString();
  }

  @Test
  void aRequestStopsTheRunAndClosingPutsTheJvmsHandlersBack() {
    Signal term = new Signal("TERM");
    Signal interrupt = new Signal("INT");
    String termBefore = current(term);
    String intBefore = current(interrupt);
    StopSignal stop = StopSignal.install(Duration.ofSeconds(1));
    try {
      assertThat(current(term)).isNotEqualTo(termBefore);
      assertThat(stop.getAsBoolean()).isFalse();
      stop.request("a test");
      stop.request("a second time");
      assertThat(stop.getAsBoolean()).isTrue();
      assertThat(stop.cause()).isEqualTo("a test");
      assertThat(stop).hasToString("StopSignal[stop requested: a test]");
    } finally {
      stop.close();
    }
    assertThat(current(term)).isEqualTo(termBefore);
    assertThat(current(interrupt)).isEqualTo(intBefore);
  }
}
