package ai.tao.core.model;

import ai.djl.ndarray.NDArray;

/**
 * What every layer of one forward pass shares: RoPE tables at this pass's positions, the additive
 * attention mask, and the cache with the offset to write at.
 *
 * @param rope the RoPE tables at this pass's positions
 * @param mask (B, 1, 1, T, S) additive mask (0 or a large negative), or null when nothing is masked
 * @param cache the KV cache, or null for a full-sequence pass
 * @param start position in the cache where this pass's tokens go
 */
record ForwardContext(
    Rope.Tables rope, NDArray mask, KvCache cache, int start) {}
