package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/** SwiGLU feed-forward: down(silu(gate(x)) * up(x)), with gate and up fused into one matmul. */
final class Mlp {
  private final int layer;
  private final ModelWeights w;
  private final long inter;
  private final DerivedCache fusedCache;
  private final AdapterSlot slot;

  Mlp(ModelConfig c, int layer, ModelWeights w, AdapterSlot slot) {
    this.slot = slot;
    this.layer = layer;
    this.w = w;
    this.inter = c.intermediateSize();
    this.fusedCache = new DerivedCache(w);
  }

  private NDArray p(String suffix) {
    return w.get(WeightNames.layer(layer, "mlp." + suffix));
  }

  private NDArray[] fuse(NDManager target, boolean track) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray gu = NDArrays.concat(new NDList(p("gate_proj.weight"), p("up_proj.weight")), 0);
      if (!track) {
        gu = gu.stopGradient();
      }
      gu.attach(target);
      NDScope.unregister(gu);
      return new NDArray[] {gu};
    }
  }

  NDArray forward(NDArray x, boolean training) {
    NDArray gu = training && !slot.attached() ? fuse(x.getManager(), true)[0]
        : fusedCache.get(() -> fuse(w.manager(), false))[0];
    NDList parts = Linear.linear(x, gu).singletonOrThrow().split(new long[] {inter}, 2); // 2 × (B, T, I)
    LoraAdapters lora = slot.active();
    NDArray gate = parts.get(0);
    NDArray up = parts.get(1);
    if (lora != null) {
      gate = Attention.plus(gate, lora.branch(x, layer, "gate_proj", training));
      up = Attention.plus(up, lora.branch(x, layer, "up_proj", training));
    }
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up); // silu(g) * u, (B, T, I)
    NDArray down = Linear.linear(act, p("down_proj.weight")).singletonOrThrow(); // (B, T, d)
    return lora == null ? down : Attention.plus(down, lora.branch(act, layer, "down_proj", training));
  }
}
