package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * What an optimizer updates: named tensors in one manager, with a version that moves on every
 * write. A whole model's weights ({@link ModelWeights}) or only its adapters ({@link LoraAdapters}).
 *
 * @since 0.2
 */
public interface TrainableTensors {
  /** Every tensor, by name, in a stable order. */
  Map<String, NDArray> tensors();

  /** The manager the tensors (and an optimizer's state) live under. */
  NDManager manager();

  /** Counter of in-place updates; caches of derived tensors compare it. */
  long version();

  /** Call after writing into any tensor. */
  void markUpdated();
}
