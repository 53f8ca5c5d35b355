package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.tao.core.TaoRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The snapshot operations every set of named tensors shares (weights, adapters). */
final class TensorMaps {
  private TensorMaps() {}

  /** Detached, independent copies of every tensor, in {@code into}, in the same order. */
  static Map<String, NDArray> detachedCopies(Map<String, NDArray> tensors, NDManager into) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> {
      NDArray c = v.stopGradient().duplicate();
      c.attach(into);
      out.put(k, c);
    });
    return out;
  }

  /** Writes each tensor of {@code from} into the tensor of {@code into} with its name, in place, without gradients. */
  static void overwrite(Map<String, NDArray> into, Map<String, NDArray> from) {
    try (var g = TaoRuntime.noGrad()) {
      into.forEach((k, v) -> v.set(new NDIndex("..."), from.get(k)));
    }
  }
}
