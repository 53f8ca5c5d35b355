package ai.tao.core.model;

import ai.djl.ndarray.NDArray;

/** Root-mean-square layer norm (Zhang and Sennrich 2019): {@code x / sqrt(mean(x²) + eps) * w}. */
final class RmsNorm {
  private RmsNorm() {}

  /** Normalises over the last axis. {@code eps} is a preallocated scalar array (one JNI call saved). */
  static NDArray apply(NDArray x, NDArray weight, NDArray eps) {
    NDArray ms = x.square().mean(new int[] {-1}, true); // (..., 1)
    return x.div(ms.add(eps).sqrt()).mul(weight);
  }
}
