package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import java.util.function.Supplier;

/**
 * Tensors derived from the trainable weights (fused projections), rebuilt only when the weights'
 * version moves: once after each optimizer step, never per decoding step.
 */
final class DerivedCache {
  private final ModelWeights weights;
  private NDArray[] arrays;
  private long version = -1;

  DerivedCache(ModelWeights weights) {
    this.weights = weights;
  }

  NDArray[] get(Supplier<NDArray[]> build) {
    if (version != weights.version() || arrays == null) {
      if (arrays != null) {
        for (NDArray a : arrays) {
          if (a != null) {
            a.close();
          }
        }
      }
      arrays = build.get();
      version = weights.version();
    }
    return arrays;
  }
}
