package ai.tao.core.io;

/**
 * Conversions between {@code float} and the two 16-bit float formats of checkpoints: IEEE 754
 * binary16 ("F16", "half") and bfloat16 ("BF16"). Each half is passed as its raw bits in a short.
 *
 * <p>{@code Float.float16ToFloat} and {@code floatToFloat16} arrived in Java 20; TAO targets 17.
 * Narrowing rounds to nearest, ties to even, as PyTorch and NumPy do. NaN stays NaN (quiet), infinities
 * and signed zeros are kept.
 *
 * @since 0.1
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** The exact float value of binary16 {@code bits}, subnormals, infinities and NaN included. */
  public static float f16ToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      // Zero or subnormal: mant × 2^-24, exact in float (at most 10 significant bits).
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 0x1f) {
      // Infinity (mant 0) or NaN; the payload moves to the top of the float mantissa.
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    // Normal: rebias the exponent from 15 to 127.
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** The binary16 bits nearest to {@code value} (ties to even); overflow gives infinity. */
  public static short floatToF16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) {
      if (abs == 0x7f800000) {
        return (short) (sign | 0x7c00);
      }
      // NaN: keep the top payload bits and force the quiet bit so it cannot become infinity.
      return (short) (sign | 0x7c00 | 0x200 | ((abs >>> 13) & 0x3ff));
    }
    if (abs >= 0x477ff000) {
      // >= 65520, halfway between the largest half 65504 and 65536: ties go to even, i.e. up to infinity.
      return (short) (sign | 0x7c00);
    }
    if (abs >= 0x38800000) {
      // Normal half (>= 2^-14): round the 23-bit mantissa to 10 bits, ties to even; a carry into
      // the exponent is the correct result.
      int rounded = abs + 0xfff + ((abs >>> 13) & 1);
      return (short) (sign | ((rounded - 0x38000000) >>> 13));
    }
    // Subnormal half or zero: the result is round(|value| × 2^24) units of 2^-24. Scaling by a power
    // of two is exact, and Math.rint rounds ties to even. 1024 units is the smallest normal, which
    // is also its bit pattern, so rounding up out of the subnormals needs no special case.
    float absValue = Float.intBitsToFloat(abs);
    return (short) (sign | (int) Math.rint(absValue * 0x1p24));
  }

  /** The exact float value of bfloat16 {@code bits}: they are the top half of a float. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** The bfloat16 bits nearest to {@code value} (ties to even); overflow gives infinity. */
  public static short floatToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      // NaN: truncating could clear every payload bit left and turn it into infinity; set the quiet bit.
      return (short) ((bits >>> 16) | 0x40);
    }
    // Round the low 16 bits away, ties to even. |bits| <= 0x7f7fffff, so the carry never reaches the sign.
    int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }
}
