package ai.tao.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor lies in a safetensors file.
 *
 * @param name the tensor's name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype its element type
 * @param shape its dimensions, outermost first; empty for a scalar. Copied in and out.
 * @param begin first byte, relative to the start of the data section (after the header)
 * @param end one past the last byte, relative to the start of the data section
 * @since 0.1
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

  /** Rejects an empty name, negative dimensions or offsets, and a byte span that is not numel × element size. */
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tensor name is empty");
    }
    shape = shape.clone();
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "tensor " + name + ": data offsets [" + begin + ", " + end + "] are not 0 <= begin <= end");
    }
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor " + name + ": negative dimension " + d + " in shape " + Arrays.toString(shape));
      }
    }
    long bytes;
    try {
      bytes = Math.multiplyExact(numel(shape), dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "tensor " + name + ": shape " + Arrays.toString(shape) + " has more elements than a long holds");
    }
    if (end - begin != bytes) {
      throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " of "
          + dtype + " needs " + bytes + " bytes but the data offsets [" + begin + ", " + end + "] span "
          + (end - begin));
    }
  }

  /** A copy of the dimensions. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements: the product of the dimensions (1 for a scalar). */
  public long numel() {
    return numel(shape);
  }

  /** Size of the data in bytes. */
  public long byteSize() {
    return end - begin;
  }

  /**
   * Product of the dimensions.
   *
   * @throws IllegalArgumentException for a negative dimension
   * @throws ArithmeticException when the product overflows a long
   */
  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
  }
}
