package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Activation;

/** SwiGLU feed-forward: down(silu(gate(x)) * up(x)), with gate and up fused into one matmul. */
final class Mlp {
  private final int layer;
  private final ModelWeights w;
  private final long inter;
  private final DerivedCache<Fused> fusedCache;
  private final DerivedCache<Fused> mergedCache;
  private final AdapterSlot slot;

  Mlp(ModelConfig c, int layer, ModelWeights w, AdapterSlot slot) {
    this.slot = slot;
    this.layer = layer;
    this.w = w;
    this.inter = c.intermediateSize();
    this.fusedCache = new DerivedCache<>(w);
    this.mergedCache = new DerivedCache<>(() -> slot.mergeKey(w));
  }

  /**
   * The projections a forward uses.
   *
   * @param gateUp (2I, d) [Wgate; Wup]
   * @param down (d, I) the merged down projection of a LoRA model, or null: use the weight itself
   */
  private record Fused(NDArray gateUp, NDArray down) implements DerivedCache.Derived {
    @Override
    public void close() {
      DerivedCache.closeAll(gateUp, down);
    }
  }

  private NDArray p(String suffix) {
    return w.get(WeightNames.layer(layer, "mlp." + suffix));
  }

  private Fused fuse(NDManager target, boolean track) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray gu = NDArrays.concat(new NDList(p("gate_proj.weight"), p("up_proj.weight")), 0);
      if (!track) {
        gu = gu.stopGradient();
      }
      gu.attach(target);
      NDScope.unregister(gu);
      return new Fused(gu, null);
    }
  }

  private NDArray weight(String module, LoraAdapters merge) {
    return merge.merged(p(module + ".weight"), layer, module);
  }

  /** [gate; up] and down with {@code merge}'s updates added, detached: the inference cache of a LoRA model. */
  private Fused fuseMerged(NDManager target, LoraAdapters merge) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray gu = NDArrays.concat(new NDList(weight("gate_proj", merge), weight("up_proj", merge)), 0).stopGradient();
      NDArray down = weight("down_proj", merge).stopGradient();
      gu.attach(target);
      down.attach(target);
      NDScope.unregister(gu, down);
      return new Fused(gu, down);
    }
  }

  NDArray forward(NDArray x, boolean training) {
    LoraAdapters active = slot.active();
    boolean merged = !training && active != null && slot.mergeForInference();
    // With adapters the base is frozen: its detached fused projection serves training too.
    Fused f = merged ? mergedCache.get(() -> fuseMerged(w.manager(), active))
        : training && !slot.attached() ? fuse(x.getManager(), true)
        : fusedCache.get(() -> fuse(w.manager(), false));
    NDArray gu = f.gateUp();
    LoraAdapters lora = merged ? null : active; // merged: the update is in the weights already
    NDList parts = Projection.apply(x, gu).split(new long[] {inter}, 2); // 2 × (B, T, I)
    NDArray gate = parts.get(0);
    NDArray up = parts.get(1);
    if (lora != null) {
      gate = Attention.plus(gate, lora.branch(x, layer, "gate_proj", training));
      up = Attention.plus(up, lora.branch(x, layer, "up_proj", training));
    }
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up); // silu(g) * u, (B, T, I)
    NDArray down = Projection.apply(act, f.down() != null ? f.down() : p("down_proj.weight")); // (B, T, d)
    return lora == null ? down : Attention.plus(down, lora.branch(act, layer, "down_proj", training));
  }
}
