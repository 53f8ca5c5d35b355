package ai.tao.serve.flywheel;

import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.Gateway;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a gateway serving the registry's current version, for the {@link Flywheel}: loads a
 * version, hot-swaps it in, and closes the policy a swap replaces once its last request is answered
 * (only those it loaded itself: the gateway's first policy stays its owner's). Not thread-safe; the
 * flywheel calls it from its synchronized turns.
 */
final class GatewaySwapper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewaySwapper.class);

  private final Gateway gateway;
  private final ModelRegistry registry;
  private final Function<Path, DecoderPolicy> loader;
  /** The policy last swapped into the gateway; closed by the next swap or by {@link #close()}. */
  private DecoderPolicy swappedIn;

  /** @param gateway the gateway to swap, or null for none (then every call does nothing) */
  GatewaySwapper(Gateway gateway, ModelRegistry registry, Function<Path, DecoderPolicy> loader) {
    this.gateway = gateway;
    this.registry = registry;
    this.loader = loader;
  }

  /**
   * Swaps the gateway to {@code v} unless it serves it already (also after an earlier swap failed).
   * A failure is logged, not thrown: the registry is right, and the next turn tries again.
   */
  void serve(ModelVersion v) {
    if (gateway == null || gateway.version().equals(v.id())) {
      return;
    }
    DecoderPolicy next = null;
    try {
      next = registry.load(v, loader);
      DecoderPolicy loaded = next;
      DecoderPolicy mine = swappedIn;
      gateway.swap(loaded, v.id()).whenComplete((old, error) -> {
        if (error != null) {
          LOG.error("flywheel: the gateway did not take version {}: {}", v.id(), error.toString());
          loaded.close();
        } else if (old == mine && old != null) {
          old.close(); // one this swapper loaded; the gateway's first policy stays its owner's
        }
      });
      swappedIn = loaded;
    } catch (RuntimeException e) {
      LOG.error("flywheel: could not swap the gateway to version {} (the registry has it; the next turn tries"
          + " again): {}", v.id(), e.toString());
      if (next != null && next != swappedIn) {
        next.close();
      }
    }
  }

  /** Closes the policy last swapped into the gateway. Close the gateway first. */
  @Override
  public void close() {
    if (swappedIn != null) {
      swappedIn.close();
      swappedIn = null;
    }
  }
}
