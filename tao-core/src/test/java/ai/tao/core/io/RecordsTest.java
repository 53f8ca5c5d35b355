package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DType, TensorInfo and FloatTensor: names, sizes and validation. */
class RecordsTest {

  @Test
  void dtypeNamesAndSizes() {
    assertThat(DType.fromSafetensorsName("BF16")).contains(DType.BF16);
    assertThat(DType.fromSafetensorsName("F8_E4M3")).contains(DType.F8_E4M3);
    assertThat(DType.fromSafetensorsName("bf16")).isEmpty();
    assertThat(DType.fromSafetensorsName("Q4_K")).isEmpty();
    assertThat(DType.F32.byteSize()).isEqualTo(4);
    assertThat(DType.F16.byteSize()).isEqualTo(2);
    assertThat(DType.BF16.byteSize()).isEqualTo(2);
    assertThat(DType.I64.byteSize()).isEqualTo(8);
    assertThat(DType.BOOL.byteSize()).isEqualTo(1);
    assertThat(DType.F32.supported()).isTrue();
    assertThat(DType.F64.supported()).isFalse();
    assertThat(DType.U8.safetensorsName()).isEqualTo("U8");
  }

  @Test
  void tensorInfoValidates() {
    TensorInfo ok = new TensorInfo("w", DType.BF16, new long[] {2, 3}, 8, 20);
    assertThat(ok.numel()).isEqualTo(6);
    assertThat(ok.byteSize()).isEqualTo(12);
    long[] shape = ok.shape();
    shape[0] = 99;
    assertThat(ok.shape()).containsExactly(2, 3);
    assertThat(ok).isEqualTo(new TensorInfo("w", DType.BF16, new long[] {2, 3}, 8, 20)).hasSameHashCodeAs(
        new TensorInfo("w", DType.BF16, new long[] {2, 3}, 8, 20));
    assertThat(ok.toString()).contains("w", "BF16", "[2, 3]");
    assertThatThrownBy(() -> new TensorInfo("w", DType.F32, new long[] {2, 3}, 0, 20))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 24 bytes");
    assertThatThrownBy(() -> new TensorInfo("w", DType.F32, new long[] {-1}, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative dimension");
    assertThatThrownBy(() -> new TensorInfo("w", DType.F32, new long[] {1}, 8, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("begin <= end");
    assertThatThrownBy(() -> new TensorInfo("", DType.F32, new long[] {}, 0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> new TensorInfo("w", DType.F32, new long[] {1L << 40, 1L << 40}, 0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more elements than a long");
  }

  @Test
  void floatTensorValidates() {
    float[] data = {1, 2, 3, 4, 5, 6};
    FloatTensor t = FloatTensor.of(data, 2, 3);
    assertThat(t.data()).isSameAs(data);
    assertThat(t.numel()).isEqualTo(6);
    assertThat(FloatTensor.of(new float[] {7}).shape()).isEmpty();
    assertThat(t).isEqualTo(FloatTensor.of(data.clone(), 2, 3));
    assertThatThrownBy(() -> FloatTensor.of(data, 4, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 8 elements but data has 6");
    assertThatThrownBy(() -> FloatTensor.of(data, -2, -3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }
}
