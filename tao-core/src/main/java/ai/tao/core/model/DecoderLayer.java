package ai.tao.core.model;

import ai.djl.ndarray.NDArray;

/** Pre-norm decoder layer: x + attn(norm(x)), then x + mlp(norm(x)). */
final class DecoderLayer {
  private final int index;
  private final ModelWeights w;
  private final Attention attention;
  private final Mlp mlp;

  DecoderLayer(ModelConfig c, int index, ModelWeights w, AdapterSlot slot) {
    this.index = index;
    this.w = w;
    this.attention = new Attention(c, index, w, slot);
    this.mlp = new Mlp(c, index, w, slot);
  }

  NDArray forward(NDArray x, ForwardContext ctx, boolean training, NDArray eps) {
    NDArray h = RmsNorm.apply(x, w.get(WeightNames.layer(index, "input_layernorm.weight")), eps);
    x = x.add(attention.forward(h, ctx, training, eps));
    h = RmsNorm.apply(x, w.get(WeightNames.layer(index, "post_attention_layernorm.weight")), eps);
    return x.add(mlp.forward(h, training));
  }
}
