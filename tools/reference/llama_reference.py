#!/usr/bin/env python3
"""Independent numpy reference for Hugging Face Llama-family decoders (golden parity fixtures).

Covers the forward pass of transformers' LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM
and Qwen3ForCausalLM, written from the published semantics (not copied from transformers), in
float64. Only numpy is used; safetensors files are written and read by hand.

  python3 tools/reference/llama_reference.py --out tao-core/src/test/resources/parity
  python3 tools/reference/llama_reference.py --lora-out tao-core/src/test/resources/parity-lora
  python3 tools/reference/llama_reference.py --check-stories260k /path/to/stories260K
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np

# ----------------------------------------------------------------------------------------------
# safetensors: u64 little-endian header length, JSON header, then raw little-endian tensor bytes.
# Offsets in the header are relative to the first byte after the header.
# ----------------------------------------------------------------------------------------------
ST_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "BF16": np.uint16}


def f32_to_bf16_bits(a):
    """float32 -> bfloat16 bit patterns (uint16), round-to-nearest-even on the dropped 16 bits.
    This is what torch's .to(torch.bfloat16) does for finite values."""
    u = np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    lsb = (u >> 16) & 1                         # ties go to the even upper half
    return ((u + 0x7FFF + lsb) >> 16).astype(np.uint16)


def bf16_bits_to_f32(b):
    return (np.asarray(b, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors, dtype="F32"):
    """tensors: {name: float array}. dtype: F32, F16 or BF16 (conversion done here)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = np.asarray(tensors[name], dtype=np.float32)
        if dtype == "F32":
            raw = a.astype("<f4").tobytes()
        elif dtype == "F16":
            raw = a.astype("<f2").tobytes()
        elif dtype == "BF16":
            raw = f32_to_bf16_bits(a).astype("<u2").tobytes()
        else:
            raise ValueError(dtype)
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)                   # pad with spaces so tensor data starts 8-aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for raw in blobs:
            f.write(raw)


def read_safetensors(path):
    """Returns {name: float64 array} (half precision formats are widened exactly)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    base, out = 8 + n, {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dt = np.dtype(ST_DTYPES[info["dtype"]]).newbyteorder("<")
        a = np.frombuffer(data[base + begin:base + end], dtype=dt).reshape(info["shape"])
        out[name] = (bf16_bits_to_f32(a) if info["dtype"] == "BF16" else a).astype(np.float64)
    return out


# ----------------------------------------------------------------------------------------------
# Model
# ----------------------------------------------------------------------------------------------
def head_dim_of(cfg):
    # HF: config.head_dim when present (Qwen3, newer Llama/Mistral), else hidden_size // heads.
    return cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]


def rope_inv_freq(cfg):
    """Inverse frequencies of the rotary embedding, including Llama-3 ("llama3") scaling."""
    d = head_dim_of(cfg)
    inv_freq = 1.0 / cfg["rope_theta"] ** (np.arange(0, d, 2, dtype=np.float64) / d)
    rs = cfg.get("rope_scaling")
    if not rs:
        return inv_freq
    kind = rs.get("rope_type", rs.get("type"))
    if kind == "default":
        return inv_freq
    if kind != "llama3":
        raise NotImplementedError(f"rope_scaling {kind}")
    # Llama 3.1: wavelengths longer than the original context / low_freq_factor are slowed down by
    # `factor`, wavelengths shorter than context / high_freq_factor are kept, and the band in
    # between is linearly blended (in 1/wavelen) between the two. The attention scaling stays 1.
    factor, lo, hi = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
    old_ctx = rs["original_max_position_embeddings"]
    low_freq_wavelen, high_freq_wavelen = old_ctx / lo, old_ctx / hi
    wavelen = 2 * math.pi / inv_freq
    scaled = np.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
    smooth = (old_ctx / wavelen - lo) / (hi - lo)
    smoothed = (1 - smooth) * scaled / factor + smooth * scaled
    medium = ~(wavelen < high_freq_wavelen) & ~(wavelen > low_freq_wavelen)
    return np.where(medium, smoothed, scaled)


def rms_norm(x, w, eps):
    # HF RMSNorm: x / sqrt(mean(x^2) + eps) * weight (no mean subtraction, no bias).
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rotate_half(x):
    # HF layout pairs dimension i with i + d/2 (not interleaved pairs as in the Meta checkpoints).
    h = x.shape[-1] // 2
    return np.concatenate([-x[..., h:], x[..., :h]], axis=-1)


def linear(x, W, b=None):
    y = x @ W.T                                   # torch Linear weight is [out_features, in_features]
    return y if b is None else y + b


def silu(x):
    return x / (1.0 + np.exp(-x))


def forward(cfg, W, input_ids, attention_mask=None):
    """Logits [batch, seq, vocab] in float64. attention_mask: 1 = real token, 0 = (left) padding."""
    ids = np.asarray(input_ids, dtype=np.int64)
    B, T = ids.shape
    mask = np.ones((B, T), dtype=np.int64) if attention_mask is None else np.asarray(attention_mask, np.int64)
    H, KV, D = cfg["num_attention_heads"], cfg["num_key_value_heads"], head_dim_of(cfg)
    eps, group = cfg["rms_norm_eps"], H // KV
    is_qwen3 = cfg["model_type"] == "qwen3"

    # Positions count real tokens only, so a left-padded row sees the same RoPE angles as unpadded.
    pos = np.clip(np.cumsum(mask, axis=1) - 1, 0, None)
    ang = pos[:, :, None].astype(np.float64) * rope_inv_freq(cfg)[None, None, :]
    cos = np.cos(np.concatenate([ang, ang], axis=-1))[:, None]       # [B, 1, T, D]
    sin = np.sin(np.concatenate([ang, ang], axis=-1))[:, None]

    # Causal mask AND key is a real token. A padded query row may have no allowed key at all; let it
    # see itself so the softmax stays finite (its output is never used for real positions).
    causal = np.tril(np.ones((T, T), dtype=bool))
    allowed = causal[None] & (mask[:, None, :] == 1)
    allowed |= np.eye(T, dtype=bool)[None] & ~allowed.any(-1, keepdims=True)
    allowed = allowed[:, None]                                         # [B, 1, T, T]

    x = W["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms_norm(x, W[p + "input_layernorm.weight"], eps)
        q = linear(h, W[p + "self_attn.q_proj.weight"], W.get(p + "self_attn.q_proj.bias"))
        k = linear(h, W[p + "self_attn.k_proj.weight"], W.get(p + "self_attn.k_proj.bias"))
        v = linear(h, W[p + "self_attn.v_proj.weight"], W.get(p + "self_attn.v_proj.bias"))
        q = q.reshape(B, T, H, D).transpose(0, 2, 1, 3)               # [B, H, T, D]
        k = k.reshape(B, T, KV, D).transpose(0, 2, 1, 3)
        v = v.reshape(B, T, KV, D).transpose(0, 2, 1, 3)
        if is_qwen3:  # Qwen3: per-head RMSNorm over head_dim on q and k, before RoPE
            q = rms_norm(q, W[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, W[p + "self_attn.k_norm.weight"], eps)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        # GQA: kv head j serves query heads j*group .. j*group+group-1 (torch repeat_interleave).
        k = np.repeat(k, group, axis=1)
        v = np.repeat(v, group, axis=1)
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(D)
        scores = np.where(allowed, scores, -np.inf)
        scores -= scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        attn = (probs @ v).transpose(0, 2, 1, 3).reshape(B, T, H * D)
        x = x + linear(attn, W[p + "self_attn.o_proj.weight"])
        h = rms_norm(x, W[p + "post_attention_layernorm.weight"], eps)
        mlp = linear(silu(linear(h, W[p + "mlp.gate_proj.weight"])) * linear(h, W[p + "mlp.up_proj.weight"]),
                     W[p + "mlp.down_proj.weight"])
        x = x + mlp
    x = rms_norm(x, W["model.norm.weight"], eps)
    lm_head = W["model.embed_tokens.weight"] if cfg.get("tie_word_embeddings") else W["lm_head.weight"]
    return linear(x, lm_head)


# ----------------------------------------------------------------------------------------------
# stories260K greedy check
# ----------------------------------------------------------------------------------------------
STORIES_EXPECTED = [403, 407, 261, 378, 432, 383, 286, 261, 376, 298,
                    315, 421, 395, 317, 426, 338, 401, 396, 267, 337]


def check_stories260k(path, steps=20):
    with open(os.path.join(path, "config.json")) as f:
        cfg = json.load(f)
    W = read_safetensors(os.path.join(path, "model.safetensors"))
    ids = [cfg.get("bos_token_id", 1)]
    for _ in range(steps):  # no KV cache: recompute the whole prefix each step (tiny model)
        ids.append(int(np.argmax(forward(cfg, W, [ids])[0, -1])))
    got = ids[1:]
    print("stories260K greedy from [1]:", " ".join(map(str, got)))
    ok = got == STORIES_EXPECTED
    print("matches llama2.c reference:", ok)
    return ok


# ----------------------------------------------------------------------------------------------
# Fixture generation
# ----------------------------------------------------------------------------------------------
ARCH = {"llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM",
        "qwen2": "Qwen2ForCausalLM", "qwen3": "Qwen3ForCausalLM"}

# name: (seed, config overrides, safetensors dtype, row lengths of the batch)
FIXTURES = {
    "llama-gqa-tied": (1001, dict(model_type="llama", vocab_size=128, num_attention_heads=4,
                                  num_key_value_heads=2, tie_word_embeddings=True, rope_theta=10000.0),
                       "F32", [10, 7, 4]),
    # head_dim 16 at theta 5e5 gives wavelengths 6.3, 32.5, 168, ... With original context 64 and
    # low/high factors 1/4 (thresholds 64 and 16) all three llama3 branches are hit: the first
    # frequency is kept, the second is blended, the rest are divided by `factor`.
    "llama3-rope-scaling": (1002, dict(model_type="llama", vocab_size=97, num_attention_heads=2,
                                       num_key_value_heads=1, rope_theta=500000.0, max_position_embeddings=256,
                                       rope_scaling={"rope_type": "llama3", "factor": 4.0, "low_freq_factor": 1.0,
                                                     "high_freq_factor": 4.0,
                                                     "original_max_position_embeddings": 64}),
                            "F32", [24, 17]),
    "qwen2-bias": (1003, dict(model_type="qwen2", vocab_size=101, num_attention_heads=4, num_key_value_heads=2,
                              rope_theta=1000000.0, rms_norm_eps=1e-6, attention_bias=True,
                              use_sliding_window=False, sliding_window=None), "F32", [9, 9, 5]),
    "qwen3-qknorm": (1004, dict(model_type="qwen3", vocab_size=97, num_attention_heads=4, num_key_value_heads=2,
                                head_dim=16, rope_theta=1000000.0, rms_norm_eps=1e-6,
                                use_sliding_window=False, sliding_window=None), "F32", [8, 11, 6]),
    "mistral": (1005, dict(model_type="mistral", vocab_size=97, num_attention_heads=4, num_key_value_heads=1,
                           intermediate_size=80, rope_theta=1000000.0, sliding_window=None), "F32", [12, 8]),
    "llama-bf16": (1006, dict(model_type="llama", vocab_size=97, num_attention_heads=4, num_key_value_heads=2,
                              torch_dtype="bfloat16"), "BF16", [10, 6]),
    "llama-f16": (1006, dict(model_type="llama", vocab_size=97, num_attention_heads=4, num_key_value_heads=2,
                             torch_dtype="float16"), "F16", [10, 6]),
}


def make_config(over):
    cfg = dict(architectures=[ARCH[over["model_type"]]], model_type=over["model_type"], hidden_size=32,
               intermediate_size=64, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
               vocab_size=97, max_position_embeddings=128, rms_norm_eps=1e-5, rope_theta=10000.0,
               rope_scaling=None, tie_word_embeddings=False, hidden_act="silu", attention_bias=False,
               bos_token_id=1, eos_token_id=2, torch_dtype="float32")
    cfg.update(over)
    return cfg


def make_weights(cfg, rng):
    """Random float32 weights; scales chosen so activations stay O(1) and logits spread over a few units."""
    Hs, I, V, L = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"], cfg["num_hidden_layers"]
    H, KV, D = cfg["num_attention_heads"], cfg["num_key_value_heads"], head_dim_of(cfg)

    def lin(out_f, in_f, gain=1.0):
        return rng.normal(0.0, gain / math.sqrt(in_f), (out_f, in_f))

    def norm(n):
        return 1.0 + rng.normal(0.0, 0.1, n)

    W = {"model.embed_tokens.weight": rng.normal(0.0, 1.0, (V, Hs))}
    for i in range(L):
        p = f"model.layers.{i}."
        W[p + "input_layernorm.weight"] = norm(Hs)
        W[p + "self_attn.q_proj.weight"] = lin(H * D, Hs, 1.5)   # sharper attention patterns
        W[p + "self_attn.k_proj.weight"] = lin(KV * D, Hs, 1.5)
        W[p + "self_attn.v_proj.weight"] = lin(KV * D, Hs)
        W[p + "self_attn.o_proj.weight"] = lin(Hs, H * D)
        if cfg["model_type"] == "qwen2":  # Qwen2 has q/k/v biases (o_proj none)
            W[p + "self_attn.q_proj.bias"] = rng.normal(0.0, 0.3, H * D)
            W[p + "self_attn.k_proj.bias"] = rng.normal(0.0, 0.3, KV * D)
            W[p + "self_attn.v_proj.bias"] = rng.normal(0.0, 0.3, KV * D)
        if cfg["model_type"] == "qwen3":
            W[p + "self_attn.q_norm.weight"] = norm(D)
            W[p + "self_attn.k_norm.weight"] = norm(D)
        W[p + "post_attention_layernorm.weight"] = norm(Hs)
        W[p + "mlp.gate_proj.weight"] = lin(I, Hs)
        W[p + "mlp.up_proj.weight"] = lin(I, Hs)
        W[p + "mlp.down_proj.weight"] = lin(Hs, I)
    W["model.norm.weight"] = norm(Hs)
    if not cfg["tie_word_embeddings"]:
        W["lm_head.weight"] = lin(V, Hs, 2.0)
    return {k: v.astype(np.float32) for k, v in W.items()}


def make_inputs(rng, lengths, vocab, pad_id=0):
    """Left-padded batch; each row starts with BOS (1), other tokens drawn from [3, vocab)."""
    T = max(lengths)
    ids = np.full((len(lengths), T), pad_id, dtype=np.int64)
    mask = np.zeros((len(lengths), T), dtype=np.int64)
    for r, n in enumerate(lengths):
        ids[r, T - n:] = np.concatenate([[1], rng.integers(3, vocab, n - 1)])
        mask[r, T - n:] = 1
    return ids, mask


def f32(v):
    # Shortest decimal that round-trips the float32 value; json then prints it as-is.
    return float(str(np.float32(v)))


def self_checks():
    """Cheap sanity checks of the hand-written pieces before anything is written."""
    # bf16 rounding: ties to even, carries into the exponent, exact values untouched.
    x = np.array([1.0, 1.0 + 2 ** -8, 1.0 + 3 * 2 ** -8, 1.0 + 2 ** -8 + 2 ** -20, -2.5, 3.0e38], np.float32)
    want = np.array([1.0, 1.0, 1.0 + 2 ** -6, 1.0 + 2 ** -7, -2.5, bf16_bits_to_f32(0x7F62)], np.float32)
    assert np.array_equal(bf16_bits_to_f32(f32_to_bf16_bits(x)), want), bf16_bits_to_f32(f32_to_bf16_bits(x))
    # rotate-half RoPE is a rotation: norms preserved and relative-position invariance of q.k.
    cfg = make_config(dict(model_type="llama", hidden_size=16, num_attention_heads=1))
    inv = rope_inv_freq(cfg)
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=16), rng.normal(size=16)

    def rot(v, p):
        a = np.concatenate([p * inv, p * inv])
        return v * np.cos(a) + rotate_half(v) * np.sin(a)
    assert abs(rot(q, 3) @ rot(k, 1) - rot(q, 7) @ rot(k, 5)) < 1e-12


def generate(out_dir):
    self_checks()
    os.makedirs(out_dir, exist_ok=True)
    for name, (seed, over, dtype, lengths) in FIXTURES.items():
        rng = np.random.default_rng(seed)
        cfg = make_config(over)
        W32 = make_weights(cfg, rng)
        ids, mask = make_inputs(rng, lengths, cfg["vocab_size"])
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
            f.write("\n")
        st = os.path.join(d, "model.safetensors")
        write_safetensors(st, W32, dtype)
        # Expected logits come from the weights exactly as stored (i.e. after bf16/f16 rounding).
        W = read_safetensors(st)
        assert set(W) == set(W32)
        if dtype == "F32":
            assert all(np.array_equal(W[k], W32[k]) for k in W)
        elif dtype == "F16":
            assert all(np.array_equal(W[k], W32[k].astype(np.float16)) for k in W)
        if "lm_head.weight" not in W:
            assert cfg["tie_word_embeddings"]
        logits = forward(cfg, W, ids, mask)

        # Padding must not change anything: each row alone (unpadded) gives the same logits.
        for r, n in enumerate(lengths):
            alone = forward(cfg, W, ids[r:r + 1, ids.shape[1] - n:])[0]
            assert np.allclose(alone, logits[r, ids.shape[1] - n:], rtol=0, atol=1e-10), name
        if cfg.get("rope_scaling"):
            plain = rope_inv_freq(dict(cfg, rope_scaling=None))
            scaled = rope_inv_freq(cfg)
            kept, divided = np.isclose(scaled, plain), np.isclose(scaled, plain / cfg["rope_scaling"]["factor"])
            blended = ~kept & ~divided
            assert kept.any() and divided.any() and blended.any(), (plain, scaled)
            print(f"  {name}: inv_freq unscaled {np.array2string(plain, precision=4)}")
            print(f"  {name}: inv_freq llama3   {np.array2string(scaled, precision=4)}")
            # ...and the scaling really reaches the logits.
            assert np.abs(forward(dict(cfg, rope_scaling=None), W, ids, mask) - logits).max() > 1e-3

        real = mask.astype(bool)
        out = [[[f32(v) for v in logits[b, t]] if real[b, t] else [0.0] * cfg["vocab_size"]
                for t in range(ids.shape[1])] for b in range(ids.shape[0])]
        max_abs = f32(np.abs(logits[real]).max())
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump({"input_ids": ids.tolist(), "attention_mask": mask.tolist(),
                       "logits": out, "max_abs_logit": max_abs}, f, separators=(",", ":"))
            f.write("\n")
        size = sum(os.path.getsize(os.path.join(d, x)) for x in os.listdir(d))
        print(f"{name}: {dtype}, rows {lengths}, max|logit| {max_abs:.3f}, "
              f"std {logits[real].std():.3f}, {size / 1024:.1f} KiB")


# ----------------------------------------------------------------------------------------------
# LoRA fixtures: a base model, a PEFT adapter folder, and the logits of the merged weights
# W + (lora_alpha / r) * B @ A, merged here in float64 (PEFT's semantics for bias="none",
# fan_in_fan_out=False, no rsLoRA/DoRA).
# ----------------------------------------------------------------------------------------------
# name: (base fixture, seed, r, lora_alpha, target modules)
LORA_FIXTURES = {
    "llama-all-modules": ("llama-gqa-tied", 2001, 4, 8.0,
                          ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]),
    "qwen2-q-v": ("qwen2-bias", 2002, 2, 16.0, ["q_proj", "v_proj"]),
}


def lora_names(cfg, modules):
    """PEFT's saved names and [out, in] base shapes of each adapted projection."""
    Hs, I = cfg["hidden_size"], cfg["intermediate_size"]
    H, KV, D = cfg["num_attention_heads"], cfg["num_key_value_heads"], head_dim_of(cfg)
    shapes = {"q_proj": (H * D, Hs), "k_proj": (KV * D, Hs), "v_proj": (KV * D, Hs), "o_proj": (Hs, H * D),
              "gate_proj": (I, Hs), "up_proj": (I, Hs), "down_proj": (Hs, I)}
    out = []
    for i in range(cfg["num_hidden_layers"]):
        for m in modules:
            block = "mlp" if m in ("gate_proj", "up_proj", "down_proj") else "self_attn"
            out.append((f"model.layers.{i}.{block}.{m}", shapes[m]))
    return out


def generate_lora(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, (base, seed, r, alpha, modules) in LORA_FIXTURES.items():
        bseed, over, _, lengths = FIXTURES[base]
        rng = np.random.default_rng(bseed)
        cfg = make_config(over)
        W = make_weights(cfg, rng)
        ids, mask = make_inputs(rng, lengths, cfg["vocab_size"])
        d = os.path.join(out_dir, name)
        os.makedirs(os.path.join(d, "base"), exist_ok=True)
        os.makedirs(os.path.join(d, "adapter"), exist_ok=True)
        with open(os.path.join(d, "base", "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
            f.write("\n")
        write_safetensors(os.path.join(d, "base", "model.safetensors"), W, "F32")
        lrng = np.random.default_rng(seed)
        A, merged = {}, dict(W)
        for mod, (o, i) in lora_names(cfg, modules):
            a = lrng.normal(0.0, 1.0 / math.sqrt(i), (r, i)).astype(np.float32)
            b = lrng.normal(0.0, 0.5 / math.sqrt(r), (o, r)).astype(np.float32)  # trained: B is no longer 0
            A[f"base_model.model.{mod}.lora_A.weight"] = a
            A[f"base_model.model.{mod}.lora_B.weight"] = b
            merged[mod + ".weight"] = W[mod + ".weight"].astype(np.float64) + (alpha / r) * (
                b.astype(np.float64) @ a.astype(np.float64))
        write_safetensors(os.path.join(d, "adapter", "adapter_model.safetensors"), A, "F32")
        acfg = dict(peft_type="LORA", task_type="CAUSAL_LM", base_model_name_or_path="../base", r=r,
                    lora_alpha=alpha, lora_dropout=0.0, target_modules=modules, bias="none",
                    fan_in_fan_out=False, inference_mode=True, init_lora_weights=True, use_rslora=False,
                    use_dora=False, modules_to_save=None, layers_to_transform=None, rank_pattern={},
                    alpha_pattern={})
        with open(os.path.join(d, "adapter", "adapter_config.json"), "w") as f:
            json.dump(acfg, f, indent=2)
            f.write("\n")
        logits = forward(cfg, merged, ids, mask)
        base_logits = forward(cfg, W, ids, mask)
        real = mask.astype(bool)
        moved = np.abs(logits[real] - base_logits[real]).max()
        assert moved > 0.1, (name, moved)  # the adapter matters, so a test ignoring it fails
        out = [[[f32(v) for v in logits[b, t]] if real[b, t] else [0.0] * cfg["vocab_size"]
                for t in range(ids.shape[1])] for b in range(ids.shape[0])]
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump({"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "logits": out,
                       "max_abs_change_from_base": f32(moved)}, f, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: r={r} alpha={alpha} {modules}, max|logit - base logit| {moved:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="directory to (re)generate the parity fixtures into")
    ap.add_argument("--lora-out", help="directory to (re)generate the LoRA fixtures into")
    ap.add_argument("--check-stories260k", metavar="PATH", help="greedy-decode check against stories260K")
    a = ap.parse_args()
    if not a.out and not a.check_stories260k and not a.lora_out:
        ap.error("give --out, --lora-out and/or --check-stories260k")
    ok = True
    if a.check_stories260k:
        ok = check_stories260k(a.check_stories260k)
    if a.out:
        generate(a.out)
    if a.lora_out:
        generate_lora(a.lora_out)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
