package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  // Known values from the IEEE 754 binary16 layout (1 sign, 5 exponent bits biased by 15, 10 mantissa bits)
  // and bfloat16 (the top 16 bits of a float32), worked out by hand.

  @Test
  void f16KnownValuesDecode() {
    assertThat(HalfFloats.f16ToFloat((short) 0x3c00)).isEqualTo(1.0f);
    assertThat(HalfFloats.f16ToFloat((short) 0xc000)).isEqualTo(-2.0f);
    assertThat(HalfFloats.f16ToFloat((short) 0x7bff)).isEqualTo(65504.0f);
    assertThat(HalfFloats.f16ToFloat((short) 0x0001)).isEqualTo((float) Math.pow(2, -24));
    assertThat(HalfFloats.f16ToFloat((short) 0x03ff)).isEqualTo((float) (1023 * Math.pow(2, -24)));
    assertThat(HalfFloats.f16ToFloat((short) 0x0400)).isEqualTo((float) Math.pow(2, -14));
    assertThat(HalfFloats.f16ToFloat((short) 0x3555)).isEqualTo(0.33325195f);
    assertThat(HalfFloats.f16ToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloats.f16ToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float.floatToRawIntBits(HalfFloats.f16ToFloat((short) 0x8000))).isEqualTo(0x80000000);
    assertThat(HalfFloats.f16ToFloat((short) 0x7e00)).isNaN();
    assertThat(HalfFloats.f16ToFloat((short) 0xfc01)).isNaN();
  }

  @Test
  void f16KnownValuesEncode() {
    assertThat(f16(1.0f)).isEqualTo(0x3c00);
    assertThat(f16(-2.0f)).isEqualTo(0xc000);
    assertThat(f16(65504.0f)).isEqualTo(0x7bff);
    assertThat(f16((float) Math.pow(2, -24))).isEqualTo(0x0001);
    assertThat(f16(-0.0f)).isEqualTo(0x8000);
    assertThat(f16(Float.POSITIVE_INFINITY)).isEqualTo(0x7c00);
    assertThat(f16(Float.NEGATIVE_INFINITY)).isEqualTo(0xfc00);
    assertThat(f16(Float.MAX_VALUE)).isEqualTo(0x7c00);
    assertThat(f16(1e-10f)).isEqualTo(0x0000);
    int nan = f16(Float.NaN);
    assertThat(nan & 0x7c00).isEqualTo(0x7c00);
    assertThat(nan & 0x3ff).isNotZero();
    // A NaN whose payload sits only in bits that binary16 drops must stay NaN, not become infinity.
    assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(Float.intBitsToFloat(0x7f800001)))).isNaN();
  }

  @Test
  void f16RoundsTiesToEven() {
    float ulp = (float) Math.pow(2, -10); // spacing of halves in [1, 2)
    assertThat(f16(1 + ulp / 2)).as("tie between 0x3c00 and 0x3c01 goes to even 0x3c00").isEqualTo(0x3c00);
    assertThat(f16(1 + 3 * ulp / 2)).as("tie between 0x3c01 and 0x3c02 goes to even 0x3c02").isEqualTo(0x3c02);
    assertThat(f16(Math.nextUp(1 + ulp / 2))).as("just above the tie rounds up").isEqualTo(0x3c01);
    assertThat(f16(65519.0f)).isEqualTo(0x7bff);
    assertThat(f16(65520.0f)).as("tie between 65504 (odd) and 65536 overflows").isEqualTo(0x7c00);
    float tiny = (float) Math.pow(2, -24);
    assertThat(f16(tiny / 2)).as("half the smallest subnormal ties to 0").isEqualTo(0x0000);
    assertThat(f16(Math.nextUp(tiny / 2))).isEqualTo(0x0001);
    assertThat(f16(3 * tiny / 2)).as("tie between 0x0001 and 0x0002 goes to 0x0002").isEqualTo(0x0002);
    assertThat(f16(1023.5f * tiny)).as("rounding up out of the subnormals gives the smallest normal")
        .isEqualTo(0x0400);
  }

  @Test
  void bf16KnownValues() {
    assertThat(HalfFloats.bf16ToFloat((short) 0x3f80)).isEqualTo(1.0f);
    assertThat(HalfFloats.bf16ToFloat((short) 0xc000)).isEqualTo(-2.0f);
    assertThat(HalfFloats.bf16ToFloat((short) 0x7f80)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloats.bf16ToFloat((short) 0x7fc0)).isNaN();
    assertThat(bf16(1.0f)).isEqualTo(0x3f80);
    assertThat(bf16(-2.0f)).isEqualTo(0xc000);
    assertThat(bf16(-0.0f)).isEqualTo(0x8000);
    assertThat(bf16(Float.NEGATIVE_INFINITY)).isEqualTo(0xff80);
    assertThat(bf16(Float.MAX_VALUE)).as("rounds past the largest bfloat16").isEqualTo(0x7f80);
    float ulp = (float) Math.pow(2, -7); // spacing of bfloat16 in [1, 2)
    assertThat(bf16(1 + ulp / 2)).as("tie goes to even 0x3f80").isEqualTo(0x3f80);
    assertThat(bf16(1 + 3 * ulp / 2)).as("tie goes to even 0x3f82").isEqualTo(0x3f82);
    assertThat(bf16(Math.nextUp(1 + ulp / 2))).isEqualTo(0x3f81);
    assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x7f800001)))).isNaN();
    assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0xff800001)))).isNaN();
  }

  /** Rows computed by NumPy and exact rational arithmetic in src/test/resources/io/make_golden.py. */
  @Test
  void matchesIndependentReference() throws IOException {
    List<String[]> rows = golden();
    assertThat(rows).hasSizeGreaterThan(4000);
    int checked = 0;
    for (String[] row : rows) {
      int in = Integer.parseUnsignedInt(row[1], 16);
      int expected = Integer.parseUnsignedInt(row[2], 16);
      int actual = switch (row[0]) {
        case "f16_to_f32" -> Float.floatToRawIntBits(HalfFloats.f16ToFloat((short) in));
        case "f32_to_f16" -> HalfFloats.floatToF16(Float.intBitsToFloat(in)) & 0xffff;
        case "f32_to_bf16" -> HalfFloats.floatToBf16(Float.intBitsToFloat(in)) & 0xffff;
        default -> throw new AssertionError("unknown row kind " + row[0]);
      };
      assertThat(Integer.toHexString(actual)).as("%s(%s)", row[0], row[1]).isEqualTo(Integer.toHexString(expected));
      checked++;
    }
    assertThat(checked).isEqualTo(rows.size());
  }

  @Test
  void everyF16RoundTripsExactly() {
    for (int h = 0; h < 0x10000; h++) {
      float f = HalfFloats.f16ToFloat((short) h);
      if (Float.isNaN(f)) {
        assertThat((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0).isTrue();
        assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(f))).isNaN();
      } else {
        assertThat(HalfFloats.floatToF16(f) & 0xffff).as("f16 %04x", h).isEqualTo(h);
      }
    }
  }

  @Test
  void everyBf16RoundTripsExactly() {
    for (int h = 0; h < 0x10000; h++) {
      float f = HalfFloats.bf16ToFloat((short) h);
      if (Float.isNaN(f)) {
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f))).isNaN();
      } else {
        assertThat(HalfFloats.floatToBf16(f) & 0xffff).as("bf16 %04x", h).isEqualTo(h);
      }
    }
  }

  /** No binary16 value lies strictly closer to x than the one chosen. */
  @Property(tries = 3000)
  void f16IsNearest(@ForAll("finiteInHalfRange") float x) {
    int h = f16(x);
    double chosen = HalfFloats.f16ToFloat((short) h);
    double err = Math.abs(chosen - x);
    for (int neighbour : new int[] {h - 1, h + 1}) {
      if ((neighbour & 0x7c00) == 0x7c00 || neighbour < 0 || neighbour > 0xffff || ((neighbour ^ h) & 0x8000) != 0) {
        continue;
      }
      double other = HalfFloats.f16ToFloat((short) neighbour);
      assertThat(err).isLessThanOrEqualTo(Math.abs(other - x));
    }
  }

  /** No bfloat16 value lies strictly closer to x than the one chosen. */
  @Property(tries = 3000)
  void bf16IsNearest(@ForAll("finiteFloats") float x) {
    int h = bf16(x);
    double chosen = HalfFloats.bf16ToFloat((short) h);
    if (Double.isInfinite(chosen)) {
      assertThat(Math.abs((double) x)).isGreaterThanOrEqualTo((2 - Math.pow(2, -8)) * Math.pow(2, 127));
      return;
    }
    double err = Math.abs(chosen - x);
    for (int neighbour : new int[] {h - 1, h + 1}) {
      double other = HalfFloats.bf16ToFloat((short) neighbour);
      if (!Double.isNaN(other) && !Double.isInfinite(other) && Math.signum(other) == Math.signum(chosen)) {
        assertThat(err).isLessThanOrEqualTo(Math.abs(other - x));
      }
    }
  }

  @Provide
  Arbitrary<Float> finiteInHalfRange() {
    // Uniform over bit patterns up to 65504, so every exponent (subnormal halves included) gets its share.
    return Arbitraries.integers().between(0, 0x477fe000)
        .flatMap(bits -> Arbitraries.of(bits, bits | 0x80000000))
        .map(Float::intBitsToFloat);
  }

  @Provide
  Arbitrary<Float> finiteFloats() {
    return Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE)
        .map(Float::intBitsToFloat)
        .filter(f -> !Float.isNaN(f) && !Float.isInfinite(f));
  }

  private static int f16(float x) {
    return HalfFloats.floatToF16(x) & 0xffff;
  }

  private static int bf16(float x) {
    return HalfFloats.floatToBf16(x) & 0xffff;
  }

  static List<String[]> golden() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(HalfFloatsTest.class.getResourceAsStream("/io/half_golden.csv"));
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split(","));
        }
      }
    }
    return rows;
  }
}
