package ai.tao.core.model;

import ai.djl.ndarray.NDArray;

/**
 * What every layer of one forward pass shares: RoPE tables at this pass's positions, the additive
 * attention mask, and the cache with the offset to write at.
 *
 * @param cosQ (B, T, 1, hd) cos table scaled by 1/sqrt(hd), for queries
 * @param sinQ (B, T, 1, hd) likewise
 * @param cosK (B, T, 1, hd) for keys
 * @param sinK (B, T, 1, hd)
 * @param mask (B, 1, 1, T, S) additive mask (0 or a large negative), or null when nothing is masked
 * @param cache the KV cache, or null for a full-sequence pass
 * @param start position in the cache where this pass's tokens go
 */
record ForwardContext(
    NDArray cosQ, NDArray sinQ, NDArray cosK, NDArray sinK, NDArray mask, KvCache cache, int start) {}
