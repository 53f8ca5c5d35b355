package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Grouped-query self-attention with RoPE, optional q/k/v biases (Qwen2) and per-head q/k RMSNorm
 * (Qwen3).
 *
 * <p>Speed: q, k and v come from one fused projection. Where there is no q/k norm, the fused matrix
 * also holds rotate_half(Wq) and rotate_half(Wk) rows, so RoPE over many tokens (prefill, training)
 * is two multiplies and an add with no split/negate/concat; a decoding step (one token per row)
 * uses only the plain rows and rotates its few values, cheaper than the extra rows' products.
 * Groups of query heads share a key head through a 5-D broadcast, never by copying keys (no
 * repeat_interleave).
 */
final class Attention {
  private final ModelConfig c;
  private final int layer;
  private final ModelWeights w;
  private final boolean rotInWeights;
  private final DerivedCache<Fused> fusedCache;
  private final DerivedCache<Fused> mergedCache;
  private final AdapterSlot slot;
  private NDArray scale;

  Attention(ModelConfig c, int layer, ModelWeights w, AdapterSlot slot) {
    this.c = c;
    this.layer = layer;
    this.w = w;
    this.slot = slot;
    this.rotInWeights = !c.family().qkNorm();
    this.fusedCache = new DerivedCache<>(w);
    this.mergedCache = new DerivedCache<>(() -> slot.mergeKey(w));
  }

  /**
   * The projections a forward uses, F = H·hd + 2·KV·hd plain rows, plus H·hd + KV·hd rotated rows
   * where RoPE is in the weights.
   *
   * @param weight (F', d) [Wq; Wk; Wv; rot(Wq); rot(Wk)], or [Wq; Wk; Wv] with a q/k norm
   * @param bias (F') the same rows of the biases, or null without q/k/v biases
   * @param plainWeight (F, d) the [Wq; Wk; Wv] rows of {@code weight}, a view: what a decoding step
   *     multiplies by; null where there are no rot rows ({@code weight} is already plain)
   * @param plainBias (F) likewise, or null
   * @param out (d, H·hd) the merged o_proj weight of a LoRA model, or null: use the weight itself
   */
  private record Fused(NDArray weight, NDArray bias, NDArray plainWeight, NDArray plainBias, NDArray out)
      implements DerivedCache.Derived {
    @Override
    public void close() {
      DerivedCache.closeAll(plainWeight, plainBias, weight, bias, out);
    }
  }

  private NDArray p(String suffix) {
    return w.get(WeightNames.layer(layer, "self_attn." + suffix));
  }

  /**
   * Fused projection [Wq; Wk; Wv; rot(Wq); rot(Wk)] (and bias) built from the trainable tensors.
   * When {@code track} the result stays in the autograd graph (a training pass); otherwise it is a
   * detached cache. Intermediates are freed by the scope: they would otherwise land in the weights'
   * manager, the manager of their first operand.
   */
  private Fused fuse(NDManager target, boolean track) {
    return fuse(target, track, null);
  }

  /** A projection's weight, with {@code merge}'s update added when it has one for the module. */
  private NDArray weight(String module, LoraAdapters merge) {
    NDArray base = p(module + ".weight");
    return merge == null ? base : merge.merged(base, layer, module);
  }

  /**
   * As above, built from base plus {@code merge}'s updates when it is not null (detached: an
   * inference cache); then the result also holds the merged o_proj weight.
   */
  private Fused fuse(NDManager target, boolean track, LoraAdapters merge) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int hd = c.headDim();
      NDArray wq = weight("q_proj", merge);
      NDArray wk = weight("k_proj", merge);
      NDList rows = new NDList(wq, wk, weight("v_proj", merge));
      if (rotInWeights) {
        rows.add(rotateRows(wq, c.numHeads(), hd));
        rows.add(rotateRows(wk, c.numKvHeads(), hd));
      }
      NDArray weight = NDArrays.concat(rows, 0);
      NDArray bias = null;
      if (c.qkvBias()) {
        NDList b = new NDList(p("q_proj.bias"), p("k_proj.bias"), p("v_proj.bias"));
        if (rotInWeights) {
          b.add(rotateRows(p("q_proj.bias"), c.numHeads(), hd));
          b.add(rotateRows(p("k_proj.bias"), c.numKvHeads(), hd));
        }
        bias = NDArrays.concat(b, 0);
      }
      if (!track) {
        weight = weight.stopGradient();
        bias = bias == null ? null : bias.stopGradient();
      }
      NDArray plainWeight = null; // only where rot rows follow the plain ones
      NDArray plainBias = null;
      if (rotInWeights) {
        NDIndex plain = new NDIndex(":{}", (long) (c.numHeads() + 2 * c.numKvHeads()) * hd);
        plainWeight = weight.get(plain);
        plainBias = bias == null ? null : bias.get(plain);
      }
      NDArray o = merge == null ? null : weight("o_proj", merge).stopGradient();
      NDArray[] kept = {weight, bias, plainWeight, plainBias, o};
      for (NDArray a : kept) {
        if (a != null) {
          a.attach(target);
          NDScope.unregister(a);
        }
      }
      return new Fused(weight, bias, plainWeight, plainBias, o);
    }
  }

  /** Rows of a projection (or bias) permuted and negated per head so that x·rot(W) = rotate_half(x·W). */
  private static NDArray rotateRows(NDArray wt, int heads, int hd) {
    Shape orig = wt.getShape();
    long rest = orig.dimension() == 2 ? orig.get(1) : 1;
    NDArray r = wt.reshape(heads, 2, hd / 2, rest);
    NDList halves = r.split(2, 1);
    return halves.get(1).neg().concat(halves.get(0), 1).reshape(orig);
  }

  NDArray forward(NDArray x, ForwardContext ctx, boolean training, NDArray eps) {
    Shape s = x.getShape();
    long b = s.get(0);
    long t = s.get(1);
    int h = c.numHeads();
    int kvh = c.numKvHeads();
    int hd = c.headDim();
    LoraAdapters active = slot.active();
    boolean merged = !training && active != null && slot.mergeForInference();
    // With adapters the base is frozen: its detached fused projection serves training too.
    Fused fused = training && !slot.attached() ? fuse(x.getManager(), true)
        : merged ? mergedCache.get(() -> fuse(w.manager(), false, active))
        : fusedCache.get(() -> fuse(w.manager(), false));
    long q = (long) h * hd;
    long kv = (long) kvh * hd;
    LoraAdapters lora = merged ? null : active; // merged: the update is in the fused weights already
    if (t == 1 && rotInWeights && lora == null && ctx.cache() != null) {
      return decodeStep(x, ctx, fused);
    }
    // One new token per row (decoding): rotate_half of q and k costs less than the fused rot rows,
    // which would add (q + kv) × d multiply-adds per token; the plain rows are a view of the fused ones.
    boolean rotRows = rotInWeights && t > 1;
    boolean plainRows = rotInWeights && !rotRows;
    NDArray weight = plainRows ? fused.plainWeight() : fused.weight();
    NDArray bias = plainRows ? fused.plainBias() : fused.bias();
    NDArray proj = Projection.apply(x, weight, bias); // (B, T, F)
    NDList parts = rotRows
        ? proj.split(new long[] {q, q + kv, q + 2 * kv, 2 * q + 2 * kv}, 2)
        : proj.split(new long[] {q, q + kv}, 2);
    NDArray dq = lora == null ? null : lora.branch(x, layer, "q_proj", training); // (B, T, H*hd) or null
    NDArray dk = lora == null ? null : lora.branch(x, layer, "k_proj", training); // (B, T, KV*hd) or null
    NDArray dv = lora == null ? null : lora.branch(x, layer, "v_proj", training);
    NDArray qs = plus(parts.get(0), dq).reshape(b, t, h, hd);
    NDArray ks = plus(parts.get(1), dk).reshape(b, t, kvh, hd);
    NDArray vs = plus(parts.get(2), dv).reshape(b, t, kvh, hd);
    NDArray qRot;
    NDArray kRot;
    if (rotRows) {
      // x·rot(W) is rotate_half(x·W) per head, so an adapter's share of it is rotate_half of its branch.
      qRot = plus(parts.get(3).reshape(b, t, h, hd), dq == null ? null : Rope.rotateHalf(dq.reshape(b, t, h, hd)));
      kRot = plus(parts.get(4).reshape(b, t, kvh, hd), dk == null ? null : Rope.rotateHalf(dk.reshape(b, t, kvh, hd)));
    } else {
      if (!rotInWeights) {
        qs = RmsNorm.apply(qs, p("q_norm.weight"), eps);
        ks = RmsNorm.apply(ks, p("k_norm.weight"), eps);
      }
      qRot = Rope.rotateHalf(qs);
      kRot = Rope.rotateHalf(ks);
    }
    qs = qs.mul(ctx.rope().cosQ()).add(qRot.mul(ctx.rope().sinQ())); // (B, T, H, hd), already scaled
    ks = ks.mul(ctx.rope().cosK()).add(kRot.mul(ctx.rope().sinK())); // (B, T, KV, hd)
    NDArray kAll = ks.transpose(0, 2, 1, 3); // (B, KV, T, hd)
    NDArray vAll = vs.transpose(0, 2, 1, 3);
    if (ctx.cache() != null) {
      KvCache.Window window = ctx.cache().append(layer, ctx.start(), kAll, vAll); // (B, KV, S, hd)
      kAll = window.keys();
      vAll = window.values();
    }
    long sLen = kAll.getShape().get(2);
    int g = c.groupSize();
    NDArray q4 = qs.reshape(b, t, kvh, g, hd).transpose(0, 2, 3, 1, 4).reshape(b, kvh, g * t, hd);
    NDArray scores = q4.matMul(kAll.transpose(0, 1, 3, 2)); // (B, KV, G*T, S)
    if (ctx.mask() != null) {
      scores = scores.reshape(b, kvh, g, t, sLen).add(ctx.mask()).reshape(b, kvh, g * t, sLen);
    }
    NDArray o = scores.softmax(-1).matMul(vAll); // (B, KV, G*T, hd)
    o = o.reshape(b, kvh, g, t, hd).transpose(0, 3, 1, 2, 4).reshape(b, t, q); // (B, T, H*hd)
    NDArray out = Projection.apply(o, fused.out() != null ? fused.out() : p("o_proj.weight")); // (B, T, d)
    return plus(out, lora == null ? null : lora.branch(o, layer, "o_proj", training));
  }

  /**
   * One decoding step (one new token per row, appended to the cache) of a model without q/k norms or
   * unmerged adapters: the path sampling spends its time in, written in as few ops as it takes. q
   * and k are rotated together, as one (B, H + KV, hd) block, and attention is two 3-D batched
   * products over the B·KV key heads, each reading the cache's rows [0, S) in place: the 4-D
   * products over transposed cache views and the reshapes around them took about twice as long.
   *
   * @param x (B, 1, d)
   * @return (B, 1, d)
   */
  private NDArray decodeStep(NDArray x, ForwardContext ctx, Fused fused) {
    long b = x.getShape().get(0);
    int h = c.numHeads();
    int kvh = c.numKvHeads();
    int hd = c.headDim();
    int g = c.groupSize();
    long q = (long) h * hd;
    NDArray proj = Projection.apply(x, fused.plainWeight(), fused.plainBias()); // (B, 1, H·hd + 2·KV·hd)
    NDList qkAndV = proj.split(new long[] {q + (long) kvh * hd}, 2);
    NDArray qk = qkAndV.get(0).reshape(b, 1, h + kvh, hd);
    // Unscaled tables for both; the 1/sqrt(hd) the query tables carry is applied to the scores.
    NDArray roped = qk.mul(ctx.rope().cosK()).add(Rope.rotateHalf(qk).mul(ctx.rope().sinK())); // (B, 1, H+KV, hd)
    NDList qkParts = roped.split(new long[] {h}, 2);
    NDArray qs = qkParts.get(0).reshape(b * kvh, g, hd); // (B·KV, G, hd): query head k·G + j reads key head k
    NDArray ks = qkParts.get(1).reshape(b, 1, kvh, hd).transpose(0, 2, 1, 3); // (B, KV, 1, hd)
    NDArray vs = qkAndV.get(1).reshape(b, 1, kvh, hd).transpose(0, 2, 1, 3);
    KvCache.Window window = ctx.cache().append(layer, ctx.start(), ks, vs); // (B, KV, S, hd) views
    long sLen = window.keys().getShape().get(2);
    // Rows [0, S) of each (row, key head) are contiguous in the cache, so these reshapes are views.
    NDArray keys = window.keys().reshape(b * kvh, sLen, hd);
    NDArray values = window.values().reshape(b * kvh, sLen, hd);
    NDArray scores = qs.batchMatMul(keys.transpose(0, 2, 1)).mul(scale()); // (B·KV, G, S)
    if (ctx.mask() != null) {
      scores = scores.reshape(b, kvh, g, sLen).add(ctx.mask().reshape(b, 1, 1, sLen)).reshape(b * kvh, g, sLen);
    }
    NDArray o = scores.softmax(-1).batchMatMul(values).reshape(b, 1, q); // (B, 1, H·hd)
    return Projection.apply(o, fused.out() != null ? fused.out() : p("o_proj.weight")); // (B, 1, d)
  }

  /** 1/sqrt(hd) as a scalar array, made once and kept with the weights: {@code mul(Number)} would create one per call. */
  private NDArray scale() {
    if (scale == null) {
      scale = w.manager().create((float) (1.0 / Math.sqrt(c.headDim())));
      NDScope.unregister(scale); // made inside a layer's scope, which would close it with the pass
    }
    return scale;
  }

  /** {@code a + b}, or {@code a} when there is no {@code b} (a module without an adapter). */
  static NDArray plus(NDArray a, NDArray b) {
    return b == null ? a : a.add(b);
  }
}
