package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * {@code x·Wᵀ (+ b)} over the last axis of any-rank input, as one 2-D matrix multiply: the rows
 * (B·T, in) against W (out, in). Flattening first is measurably faster than handing DJL a 3-D input
 * for the skinny products of decoding (batch × 1 token): about 0.73 against 1.01 ms for a 32 × 1536
 * by 1536 × 576 product on a 2-core EPYC.
 */
final class Projection {
  private Projection() {}

  /** (..., in) × (out, in)ᵀ → (..., out). */
  static NDArray apply(NDArray x, NDArray weight) {
    return apply(x, weight, null);
  }

  /** (..., in) × (out, in)ᵀ + (out) → (..., out); {@code bias} may be null. */
  static NDArray apply(NDArray x, NDArray weight, NDArray bias) {
    Shape s = x.getShape();
    int rank = s.dimension();
    NDArray rows = rank == 2 ? x : x.reshape(-1, s.get(rank - 1)); // (B·T, in)
    NDArray y = (bias == null ? Linear.linear(rows, weight) : Linear.linear(rows, weight, bias)).singletonOrThrow();
    if (rank == 2) {
      return y;
    }
    long[] out = s.getShape().clone(); // Shape hands out its own array
    out[rank - 1] = weight.getShape().get(0);
    return y.reshape(out);
  }

  /**
   * As {@link #apply(NDArray, NDArray)}, with W's rows taken {@code chunk} at a time and the outputs
   * joined: for a wide, skinny product (an LM head of 49,152 rows against 32 decoding rows), whose
   * one-call GEMM runs at a fraction of the machine's rate. On a 2-core EPYC, 32 × 576 against
   * 49,152 × 576 took 55 ms in one call and 35 ms in chunks of 1,536 rows (same session, 15 repeats).
   */
  static NDArray applyInRowChunks(NDArray x, NDArray weight, int chunk) {
    long out = weight.getShape().get(0);
    if (out <= chunk) {
      return apply(x, weight);
    }
    long[] cuts = new long[(int) ((out - 1) / chunk)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (long) (i + 1) * chunk;
    }
    NDList rows = weight.split(cuts, 0); // views of W
    rows.attach(x.getManager()); // made in the weights' manager: let them close with this pass
    NDList parts = new NDList(rows.size());
    for (NDArray r : rows) {
      parts.add(apply(x, r));
    }
    return NDArrays.concat(parts, -1);
  }
}
