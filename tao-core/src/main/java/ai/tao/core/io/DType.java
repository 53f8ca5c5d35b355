package ai.tao.core.io;

import java.util.Objects;
import java.util.Optional;

/**
 * Element types a safetensors file can declare.
 *
 * <p>Only {@link #F32}, {@link #F16} and {@link #BF16} can be read as floats or written. The others
 * are recognized so that a file holding them still opens (its layout can be checked and its bytes
 * read raw) and so that asking for floats fails with "dtype I64 is not supported" rather than
 * "unknown dtype".
 *
 * @since 0.1
 */
public enum DType {
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  F64(8, false),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U64(8, false),
  U32(4, false),
  U16(2, false),
  U8(1, false),
  BOOL(1, false),
  F8_E4M3(1, false),
  F8_E5M2(1, false);

  private final int byteSize;
  private final boolean supported;

  DType(int byteSize, boolean supported) {
    this.byteSize = byteSize;
    this.supported = supported;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The name in a safetensors header's {@code "dtype"} field, e.g. {@code "BF16"}. */
  public String safetensorsName() {
    return name();
  }

  /** Whether TAO can read this type as floats and write it. */
  public boolean supported() {
    return supported;
  }

  /**
   * The type a safetensors header names, matched exactly as the format spells it (upper case).
   *
   * @return empty for a name the format does not define
   */
  public static Optional<DType> fromSafetensorsName(String name) {
    Objects.requireNonNull(name, "name");
    for (DType t : values()) {
      if (t.safetensorsName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The supported types, for error messages. */
  static String supportedNames() {
    StringBuilder sb = new StringBuilder();
    for (DType t : values()) {
      if (t.supported) {
        sb.append(sb.length() == 0 ? "" : ", ").append(t.safetensorsName());
      }
    }
    return sb.toString();
  }
}
