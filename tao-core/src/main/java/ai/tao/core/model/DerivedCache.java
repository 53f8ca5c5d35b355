package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Tensors derived from the trainable weights (fused projections), rebuilt only when what they are
 * derived from moves: once after each optimizer step, never per decoding step.
 */
final class DerivedCache {
  private final Supplier<Object> key;
  private NDArray[] arrays;
  private Object builtFor;

  /** Derived from the weights alone: rebuilt when their version moves. */
  DerivedCache(ModelWeights weights) {
    this(weights::version);
  }

  /** Rebuilt whenever {@code key} gives a value not equal to the one it was built for. */
  DerivedCache(Supplier<Object> key) {
    this.key = key;
  }

  NDArray[] get(Supplier<NDArray[]> build) {
    Object now = key.get();
    if (arrays == null || !Objects.equals(now, builtFor)) {
      if (arrays != null) {
        for (NDArray a : arrays) {
          if (a != null) {
            a.close();
          }
        }
      }
      arrays = build.get();
      builtFor = now;
    }
    return arrays;
  }
}
