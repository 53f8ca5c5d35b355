package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.tao.api.ModelLoadException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.DType;
import ai.tao.core.io.SafetensorsIndex;
import ai.tao.core.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Llama-family decoder (Llama, Mistral, Qwen2, Qwen3) on DJL arrays: embeddings, decoder layers,
 * final norm, LM head. Loads and saves Hugging Face model folders.
 *
 * <p>Not thread-safe: one forward at a time.
 *
 * @since 0.1
 */
public final class CausalLm implements AutoCloseable {
  /** Additive mask value; finite so fully masked rows (left padding) give uniform, not NaN, weights. */
  static final float MASKED = -1e9f;
  /** Default shard size when saving, as Hugging Face's save_pretrained: 5 GB. */
  public static final long DEFAULT_SHARD_BYTES = 5L * 1000 * 1000 * 1000;

  private final ModelConfig config;
  private final ModelWeights weights;
  private final NDManager manager;
  private final Rope rope;
  private final DecoderLayer[] layers;
  private final NDArray eps;
  private final AdapterSlot adapters = new AdapterSlot();

  public CausalLm(ModelWeights weights) {
    this.weights = weights;
    this.config = weights.config();
    this.manager = weights.manager().getParentManager().newSubManager();
    this.rope = new Rope(config, manager);
    this.eps = manager.create((float) config.rmsNormEps());
    this.layers = new DecoderLayer[config.numLayers()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = new DecoderLayer(config, i, weights, adapters);
    }
  }

  /** Loads a Hugging Face folder: config.json plus model.safetensors or a sharded index. */
  public static CausalLm load(Path dir, NDManager parent) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model folder " + dir + " does not exist");
    }
    ModelConfig config = ModelConfig.read(dir.resolve("config.json"));
    try (SafetensorsIndex index = SafetensorsIndex.open(dir)) {
      TaoRuntime.engine();
      return new CausalLm(ModelWeights.load(config, index, parent));
    }
  }

  /** A freshly initialised model (see {@link ModelWeights#randomInit}). */
  public static CausalLm random(ModelConfig config, NDManager parent, long seed) {
    return new CausalLm(ModelWeights.randomInit(config, parent, seed, 0.02));
  }

  /** Writes config.json and model.safetensors (F32, sharded past {@link #DEFAULT_SHARD_BYTES}). */
  public void save(Path dir) {
    save(dir, DEFAULT_SHARD_BYTES);
  }

  public void save(Path dir, long maxShardBytes) {
    try {
      Files.createDirectories(dir);
      config.write(dir);
      SafetensorsWriter.writeSharded(dir, weights.toHost(), maxShardBytes, DType.F32);
    } catch (IOException e) {
      throw new ai.tao.api.OutputException("cannot save the model to " + dir + ": " + e.getMessage(), e);
    }
  }

  public ModelConfig config() {
    return config;
  }

  public ModelWeights weights() {
    return weights;
  }

  /**
   * Runs the decoder over {@code ids} and returns final hidden states (before the final norm).
   *
   * @param ids (B, T) int64 token ids
   * @param positions (B, T) int64 RoPE positions
   * @param keyMask (B, S) additive key mask (0 or {@link #MASKED}) covering cache and new tokens,
   *     or null when no key is padding
   * @param cache KV cache to append to, or null for a full-sequence pass
   * @param training whether gradients flow into the weights
   * @return (B, T, d) hidden states
   */
  public NDArray hidden(NDArray ids, NDArray positions, NDArray keyMask, KvCache cache, boolean training) {
    int t = (int) ids.getShape().get(1);
    int start = cache == null ? 0 : cache.length();
    Rope.Tables tables = rope.at(positions);
    NDArray mask = attentionMask(ids.getManager(), keyMask, ids.getShape().get(0), t, start);
    ForwardContext ctx = new ForwardContext(tables, mask, cache, start);
    NDArray x = Embedding.embedding(ids, weights.get(WeightNames.EMBED), SparseFormat.DENSE)
        .singletonOrThrow(); // (B, T, d)
    for (DecoderLayer layer : layers) {
      if (training) {
        x = layer.forward(x, ctx, true, eps); // autograd keeps what backward needs
        continue;
      }
      // Without gradients only the layer's output is needed: free its intermediates now, not when
      // the caller's scope ends. A prefill of 32 x 256 tokens through 30 layers otherwise holds
      // every layer's attention scores and MLP activations at once (gigabytes).
      NDArray out;
      try (NDScope scope = new NDScope()) {
        out = layer.forward(x, ctx, false, eps);
        NDScope.unregister(out);
      }
      x.close(); // the embeddings or the previous layer's output, both made here
      x = out;
    }
    if (cache != null) {
      cache.advance(t);
    }
    return x;
  }

  /**
   * Up to this many rows (B·T: a decoding step, a prefill's last positions), the LM head runs in
   * chunks of {@link #HEAD_CHUNK} vocabulary rows, where one call's skinny GEMM is slow; larger
   * passes (training) run it whole.
   */
  private static final long CHUNKED_HEAD_ROWS = 256;
  private static final int HEAD_CHUNK = 1536;

  /** Final norm and LM head: (B, T, d) → (B, T, V). */
  public NDArray logits(NDArray hidden) {
    return head(RmsNorm.apply(hidden, weights.get(WeightNames.NORM), eps));
  }

  /** The LM head alone: normalised hidden states (..., d) → logits (..., V). */
  NDArray head(NDArray normed) {
    long rows = normed.getShape().size() / normed.getShape().get(normed.getShape().dimension() - 1);
    return rows <= CHUNKED_HEAD_ROWS ? Projection.applyInRowChunks(normed, weights.lmHead(), HEAD_CHUNK)
        : Projection.apply(normed, weights.lmHead());
  }

  /** (B, 1, 1, T, S) additive mask: causal within this pass plus key padding; null when neither applies. */
  private static NDArray attentionMask(NDManager m, NDArray keyMask, long b, int t, int start) {
    int s = start + t;
    NDArray causal = null;
    if (t > 1) {
      float[] c = new float[t * s];
      for (int i = 0; i < t; i++) {
        for (int j = start + i + 1; j < s; j++) {
          c[i * s + j] = MASKED;
        }
      }
      causal = m.create(c, new Shape(1, t, s)); // (1, T, S)
    }
    if (keyMask == null) {
      return causal == null ? null : causal.reshape(1, 1, 1, t, s);
    }
    NDArray pad = keyMask.reshape(b, 1, s); // (B, 1, S)
    NDArray full = causal == null ? pad : pad.add(causal); // (B, T, S)
    return full.reshape(b, 1, 1, t, s);
  }

  /**
   * Logits at every position of a left- or right-padded batch, in one full pass.
   *
   * @param ids token ids, one row per sequence, all rows the same length
   * @param attention 1 for real tokens, 0 for padding, same shape as ids
   * @param m manager the result and temporaries go to
   * @return (B, T, V) logits
   */
  public NDArray forward(long[][] ids, int[][] attention, NDManager m, boolean training) {
    Inputs in = Inputs.of(ids, attention, m);
    return logits(hidden(in.ids(), in.positions(), in.keyMask(), null, training));
  }

  /**
   * Hidden states after the final norm at every position of a padded batch, in one full pass: what a
   * head other than the LM head (a reward head) reads.
   *
   * @param ids token ids, one row per sequence, all rows the same length
   * @param attention 1 for real tokens, 0 for padding, same shape as ids
   * @return (B, T, d) normalised hidden states
   */
  public NDArray normedHidden(long[][] ids, int[][] attention, NDManager m, boolean training) {
    Inputs in = Inputs.of(ids, attention, m);
    NDArray h = hidden(in.ids(), in.positions(), in.keyMask(), null, training); // (B, T, d)
    return RmsNorm.apply(h, weights.get(WeightNames.NORM), eps);
  }

  /** Ids, positions (counted from each row's first real token) and key mask as arrays. */
  record Inputs(NDArray ids, NDArray positions, NDArray keyMask) {
    static Inputs of(long[][] ids, int[][] attention, NDManager m) {
      int b = ids.length;
      int t = ids[0].length;
      long[] flat = new long[b * t];
      long[] pos = new long[b * t];
      float[] mask = new float[b * t];
      boolean anyPad = false;
      for (int i = 0; i < b; i++) {
        if (ids[i].length != t || attention[i].length != t) {
          throw new ai.tao.api.DataInputException("row " + i + " has length " + ids[i].length + ", expected " + t);
        }
        long p = 0;
        for (int j = 0; j < t; j++) {
          flat[i * t + j] = ids[i][j];
          boolean real = attention[i][j] != 0;
          pos[i * t + j] = real ? p++ : Math.max(0, p - 1);
          if (!real) {
            mask[i * t + j] = MASKED;
            anyPad = true;
          }
        }
      }
      Shape s = new Shape(b, t);
      return new Inputs(m.create(flat, s), m.create(pos, s), anyPad ? m.create(mask, s) : null);
    }
  }

  /**
   * Puts LoRA adapters on this model: from now on every forward pass adds their branches, and a
   * training pass leaves the base weights frozen (only the adapters get gradients, if an optimizer
   * holds them). The model does not own them: close them yourself.
   *
   * @throws ConfigurationException if adapters are already attached or were made for another shape
   */
  public void attachAdapters(LoraAdapters a) {
    java.util.Objects.requireNonNull(a, "adapters");
    if (adapters.attached()) {
      throw new ai.tao.api.ConfigurationException("this model already has LoRA adapters; detach them first");
    }
    if (!a.modelConfig().equals(config)) {
      throw new ai.tao.api.ConfigurationException("LoRA adapters made for " + a.modelConfig()
          + " do not fit this model (" + config + ")");
    }
    adapters.set(a);
    adapters.enabled(true);
  }

  /** Takes the adapters off (the model is its base again) and returns them. */
  public java.util.Optional<LoraAdapters> detachAdapters() {
    java.util.Optional<LoraAdapters> a = adapters.adapters();
    adapters.set(null);
    adapters.enabled(true);
    return a;
  }

  /** The attached adapters, if any (switched on or off). */
  public java.util.Optional<LoraAdapters> adapters() {
    return adapters.adapters();
  }

  /**
   * Switches attached adapters on or off; off, every pass is the frozen base's, the reference a KL
   * penalty compares against with no second copy of the model.
   */
  public void adaptersEnabled(boolean on) {
    adapters.enabled(on);
  }

  public boolean adaptersEnabled() {
    return adapters.attached() && adapters.enabled();
  }

  /**
   * Whether passes without gradients (sampling, evaluation) use projections with the adapters merged
   * in: as fast as the base model, at the cost of a second copy of the projection weights, rebuilt
   * after each optimizer step. On by default; turn it off where memory is tighter than time.
   */
  public void mergeAdaptersForInference(boolean on) {
    adapters.mergeForInference(on);
  }

  public boolean mergeAdaptersForInference() {
    return adapters.mergeForInference();
  }

  /** What an optimizer should update: the adapters when attached, else every weight. */
  public TrainableTensors trainable() {
    return adapters.adapters().<TrainableTensors>map(a -> a).orElse(weights);
  }

  /** A KV cache sized for this model. */
  public KvCache newCache(int batch, int capacity, NDManager m) {
    return new KvCache(config, batch, capacity, m);
  }

  @Override
  public void close() {
    manager.close();
    weights.close();
  }

  /** Data type of the weights. */
  public DataType dataType() {
    return DataType.FLOAT32;
  }
}
