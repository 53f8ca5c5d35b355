package ai.tao.api;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives progress events of a run: for progress bars, dashboards and metric sinks.
 *
 * <p>Called on the thread that runs the pipeline, between stages; keep handlers quick. An exception
 * thrown by a listener propagates and stops the run.
 *
 * <p>{@link #onEvent} has a default so a listener can be an empty anonymous class; wrap a lambda
 * with {@link #of}.
 *
 * @since 0.1
 */
public interface TaoListener {

  /** Handles one event; ignores it by default. */
  default void onEvent(TaoEvent event) {}

  /** A listener that hands every event to {@code handler}. */
  static TaoListener of(Consumer<? super TaoEvent> handler) {
    Objects.requireNonNull(handler, "handler");
    return new TaoListener() {
      @Override
      public void onEvent(TaoEvent event) {
        handler.accept(event);
      }
    };
  }

  /** A listener that ignores every event. */
  static TaoListener noop() {
    return new TaoListener() {};
  }
}
