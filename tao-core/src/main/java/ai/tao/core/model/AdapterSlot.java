package ai.tao.core.model;

import java.util.Optional;

/**
 * Where a model's layers find its LoRA adapters: none, or adapters that are on or switched off.
 * Switched off, the model is its frozen base: what a KL penalty compares against, with no second
 * copy of the weights.
 */
final class AdapterSlot {
  private LoraAdapters adapters;
  private boolean enabled = true;

  Optional<LoraAdapters> adapters() {
    return Optional.ofNullable(adapters);
  }

  void set(LoraAdapters a) {
    adapters = a;
  }

  /** The adapters a forward pass applies: present and switched on. */
  LoraAdapters active() {
    return enabled ? adapters : null;
  }

  boolean attached() {
    return adapters != null;
  }

  boolean enabled() {
    return enabled;
  }

  void enabled(boolean on) {
    enabled = on;
  }
}
