package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Tensors derived from the trainable weights (fused projections), rebuilt only when what they are
 * derived from moves: once after each optimizer step, never per decoding step.
 *
 * @param <T> the derived tensors, as one small record that frees them on {@link Derived#close}
 */
final class DerivedCache<T extends DerivedCache.Derived> {
  /** What a cache holds: tensors it frees when they are rebuilt. */
  interface Derived extends AutoCloseable {
    @Override
    void close();
  }

  private final Supplier<Object> key;
  private T derived;
  private Object builtFor;

  /** Derived from the weights alone: rebuilt when their version moves. */
  DerivedCache(ModelWeights weights) {
    this(weights::version);
  }

  /** Rebuilt whenever {@code key} gives a value not equal to the one it was built for. */
  DerivedCache(Supplier<Object> key) {
    this.key = key;
  }

  T get(Supplier<T> build) {
    Object now = key.get();
    if (derived == null || !Objects.equals(now, builtFor)) {
      if (derived != null) {
        derived.close();
      }
      derived = build.get();
      builtFor = now;
    }
    return derived;
  }

  /** Closes each of {@code arrays} that is not null. */
  static void closeAll(NDArray... arrays) {
    for (NDArray a : arrays) {
      if (a != null) {
        a.close();
      }
    }
  }
}
