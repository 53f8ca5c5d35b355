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
  private boolean mergeForInference = true;

  /** What a merged projection is built from: the weights' version and the active adapters' version. */
  record MergeKey(long weightsVersion, LoraAdapters adapters, long adaptersVersion) {}

  MergeKey mergeKey(ModelWeights w) {
    LoraAdapters a = active();
    return new MergeKey(w.version(), a, a == null ? -1 : a.version());
  }

  /**
   * Whether passes without gradients use projections with the adapters merged in (one matmul per
   * projection, as fast as the base; costs a second copy of the projection weights) instead of
   * adding the adapter branches (two more small matmuls per projection).
   */
  boolean mergeForInference() {
    return mergeForInference;
  }

  void mergeForInference(boolean on) {
    mergeForInference = on;
  }

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
