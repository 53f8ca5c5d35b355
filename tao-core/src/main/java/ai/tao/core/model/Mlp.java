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

  Mlp(ModelConfig c, int layer, ModelWeights w) {
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
    NDArray gu = training ? fuse(x.getManager(), true)[0] : fusedCache.get(() -> fuse(w.manager(), false))[0];
    NDList parts = Linear.linear(x, gu).singletonOrThrow().split(new long[] {inter}, 2); // 2 × (B, T, I)
    NDArray gate = parts.get(0);
    NDArray act = gate.mul(Activation.sigmoid(gate)).mul(parts.get(1)); // silu(g) * u
    return Linear.linear(act, p("down_proj.weight")).singletonOrThrow(); // (B, T, d)
  }
}
