package ai.tao.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hugging Face tensor names and the shapes config.json implies for them. */
final class WeightNames {
  static final String EMBED = "model.embed_tokens.weight";
  static final String NORM = "model.norm.weight";
  static final String LM_HEAD = "lm_head.weight";

  private WeightNames() {}

  static String layer(int i, String suffix) {
    return "model.layers." + i + "." + suffix;
  }

  /** Every tensor the model needs, in a stable order, with its [out, in] shape. */
  static Map<String, long[]> expected(ModelConfig c) {
    Map<String, long[]> m = new LinkedHashMap<>();
    long d = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    m.put(EMBED, new long[] {c.vocabSize(), d});
    for (int i = 0; i < c.numLayers(); i++) {
      m.put(layer(i, "input_layernorm.weight"), new long[] {d});
      m.put(layer(i, "self_attn.q_proj.weight"), new long[] {q, d});
      m.put(layer(i, "self_attn.k_proj.weight"), new long[] {kv, d});
      m.put(layer(i, "self_attn.v_proj.weight"), new long[] {kv, d});
      if (c.qkvBias()) {
        m.put(layer(i, "self_attn.q_proj.bias"), new long[] {q});
        m.put(layer(i, "self_attn.k_proj.bias"), new long[] {kv});
        m.put(layer(i, "self_attn.v_proj.bias"), new long[] {kv});
      }
      if (c.family().qkNorm()) {
        m.put(layer(i, "self_attn.q_norm.weight"), new long[] {c.headDim()});
        m.put(layer(i, "self_attn.k_norm.weight"), new long[] {c.headDim()});
      }
      m.put(layer(i, "self_attn.o_proj.weight"), new long[] {d, q});
      m.put(layer(i, "post_attention_layernorm.weight"), new long[] {d});
      m.put(layer(i, "mlp.gate_proj.weight"), new long[] {c.intermediateSize(), d});
      m.put(layer(i, "mlp.up_proj.weight"), new long[] {c.intermediateSize(), d});
      m.put(layer(i, "mlp.down_proj.weight"), new long[] {d, c.intermediateSize()});
    }
    m.put(NORM, new long[] {d});
    if (!c.tieWordEmbeddings()) {
      m.put(LM_HEAD, new long[] {c.vocabSize(), d});
    }
    return m;
  }

  /** Every tensor but the LM head: what a model with another head (a reward head) shares with the decoder. */
  static Map<String, long[]> backbone(ModelConfig c) {
    Map<String, long[]> m = expected(c);
    m.remove(LM_HEAD);
    return m;
  }

  static boolean isNorm(String name) {
    return name.endsWith("norm.weight");
  }
}
