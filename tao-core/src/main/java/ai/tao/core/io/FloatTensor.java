package ai.tao.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float tensor to write: a shape and its elements in row-major order.
 *
 * <p>The shape is copied; the data is held by reference, not copied, because model weights are large
 * and a copy would double the memory a save needs. Do not change the array while it is being written.
 *
 * @param shape dimensions, outermost first; empty for a scalar
 * @param data the elements, row-major; its length must equal the product of the dimensions
 * @since 0.1
 */
public record FloatTensor(long[] shape, float[] data) {

  /** Rejects negative dimensions and a data length that is not the product of the dimensions. */
  public FloatTensor {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    shape = shape.clone();
    long numel;
    try {
      numel = TensorInfo.numel(shape);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more elements than a long holds");
    }
    if (numel != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + numel
          + " elements but data has " + data.length);
    }
  }

  /** A tensor of the given shape over {@code data}, e.g. {@code FloatTensor.of(w, 512, 64)}. */
  public static FloatTensor of(float[] data, long... shape) {
    return new FloatTensor(shape, data);
  }

  /** A copy of the dimensions. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The elements themselves, not a copy. */
  @Override
  public float[] data() {
    return data;
  }

  /** Number of elements. */
  public long numel() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
