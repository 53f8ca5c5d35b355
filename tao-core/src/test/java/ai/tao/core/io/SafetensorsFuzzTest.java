package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever bytes a file holds, opening and reading it throws ModelLoadException or nothing. */
class SafetensorsFuzzTest {

  @Property(tries = 400)
  void randomBytes(@ForAll @Size(max = 300) byte[] bytes) throws IOException {
    assertOnlyModelLoadException(bytes);
  }

  @Property(tries = 400)
  void plausibleLengthThenRandomBytes(@ForAll @Size(max = 200) byte[] rest, @ForAll @IntRange(min = 0, max = 220) int declared)
      throws IOException {
    assertOnlyModelLoadException(RawSafetensors.bytes(declared, rest, 0));
  }

  @Property(tries = 400)
  void mutatedValidFile(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 599) Integer> positions,
      @ForAll byte value, @ForAll @IntRange(min = 0, max = 600) int cut) throws Exception {
    byte[] bytes = Files.readAllBytes(SafetensorsFileTest.reference());
    for (int p : positions) {
      if (p < bytes.length) {
        bytes[p] ^= (byte) (value == 0 ? 1 : value);
      }
    }
    assertOnlyModelLoadException(bytes);
    assertOnlyModelLoadException(Arrays.copyOf(bytes, Math.min(cut, bytes.length)));
  }

  /** Headers built from plausible and broken pieces, to reach the checks past JSON parsing. */
  @Property(tries = 400)
  void structuredHeaders(@ForAll("headers") String header, @ForAll @IntRange(min = 0, max = 64) int dataBytes)
      throws IOException {
    assertOnlyModelLoadException(RawSafetensors.bytes(header, dataBytes));
  }

  /** Consistent files with at most one field nudged: reach the offset, span and overlap checks. */
  @Property(tries = 600)
  void nearlyValidFiles(@ForAll("nearlyValid") byte[] file) throws IOException {
    assertOnlyModelLoadException(file);
  }

  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> dtype = Arbitraries.of("\"F32\"", "\"F16\"", "\"BF16\"", "\"I64\"", "\"BOOL\"", "\"F8_E5M2\"",
        "\"X9\"", "\"\"", "7", "null", "[]");
    Arbitrary<String> number = Arbitraries.of("0", "1", "2", "3", "4", "8", "16", "-1", "1.5", "1e3",
        "9223372036854775807", "99999999999999999999", "\"2\"", "null");
    Arbitrary<String> list = number.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> listOrJunk = Arbitraries.frequencyOf(
        Tuple.of(8, list), Tuple.of(1, Arbitraries.of("{}", "3", "\"x\"", "true")));
    Arbitrary<String> entry = Combinators.combine(dtype, listOrJunk, listOrJunk, Arbitraries.integers().between(0, 7))
        .as((d, s, o, drop) -> {
          StringBuilder sb = new StringBuilder("{");
          String sep = "";
          if ((drop & 1) == 0) {
            sb.append("\"dtype\":").append(d);
            sep = ",";
          }
          if ((drop & 2) == 0) {
            sb.append(sep).append("\"shape\":").append(s);
            sep = ",";
          }
          if ((drop & 4) == 0 || drop == 7) {
            sb.append(sep).append("\"data_offsets\":").append(o);
          }
          return sb.append('}').toString();
        });
    Arbitrary<String> name = Arbitraries.of("a", "b", "model.w", "", "__metadata__");
    return Arbitraries.maps(name, entry).ofMaxSize(3).map(m -> {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
      return sb.append("}   ").toString();
    });
  }

  @Provide
  Arbitrary<byte[]> nearlyValid() {
    Arbitrary<DType> dtypes = Arbitraries.of(DType.F32, DType.F16, DType.BF16, DType.I64, DType.U8, DType.BOOL);
    Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 3).array(long[].class).ofMaxSize(3);
    Arbitrary<List<Tuple.Tuple2<DType, long[]>>> tensors = Combinators.combine(dtypes, shapes).as(Tuple::of).list().ofMaxSize(3);
    // 0: none; 1: shift a begin; 2: shift an end; 3: a dim; 4: data section length; 5: reorder offsets
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> delta = Arbitraries.integers().between(-9, 9);
    Arbitrary<Integer> which = Arbitraries.integers().between(0, 2);
    return Combinators.combine(tensors, kind, delta, which).as((ts, k, d, w) -> {
      StringBuilder sb = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
      long offset = 0;
      int target = ts.isEmpty() ? -1 : w % ts.size();
      for (int i = 0; i < ts.size(); i++) {
        DType dtype = ts.get(i).get1();
        long[] shape = ts.get(i).get2().clone();
        long bytes = TensorInfo.numel(shape) * dtype.byteSize();
        long begin = offset;
        long end = offset + bytes;
        offset = end;
        if (i == target) {
          switch (k) {
            case 1 -> begin += d;
            case 2 -> end += d;
            case 3 -> {
              if (shape.length > 0) {
                shape[0] += d;
              }
            }
            case 5 -> {
              long t = begin;
              begin = end;
              end = t;
            }
            default -> { }
          }
        }
        sb.append(",\"t").append(i).append("\":{\"dtype\":\"").append(dtype.safetensorsName())
            .append("\",\"shape\":").append(Arrays.toString(shape).replace(" ", ""))
            .append(",\"data_offsets\":[").append(begin).append(',').append(end).append("]}");
      }
      String header = sb.append('}').toString();
      long data = Math.max(0, offset + (k == 4 ? d : 0));
      return RawSafetensors.bytes(header, (int) data);
    });
  }

  private static void assertOnlyModelLoadException(byte[] bytes) throws IOException {
    Path file = Files.createTempFile("tao-io-fuzz", ".safetensors");
    try {
      Files.write(file, bytes);
      SafetensorsFile f;
      try {
        f = SafetensorsFile.open(file);
      } catch (ModelLoadException e) {
        assertThat(e.getMessage()).contains(file.getFileName().toString());
        return;
      }
      try (f) {
        for (String name : f.names()) {
          TensorInfo info = f.info(name);
          assertThat(f.raw(name).remaining()).isEqualTo(info.byteSize());
          try {
            assertThat(f.readFloats(name)).hasSize((int) info.numel());
          } catch (ModelLoadException e) {
            assertThat(info.dtype().supported()).as(e.getMessage()).isFalse();
          }
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
