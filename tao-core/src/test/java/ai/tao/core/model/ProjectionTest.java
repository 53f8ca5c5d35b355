package ai.tao.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.tao.core.TaoRuntime;
import org.junit.jupiter.api.Test;

class ProjectionTest {
  @Test
  void rowChunksGiveTheWholeProductWhateverTheRemainder() {
    try (var g = TaoRuntime.noGrad(); NDManager m = TaoRuntime.newManager()) {
      m.getEngine().setRandomSeed(3);
      NDArray x = m.randomNormal(new Shape(4, 2, 16)); // (B, T, in)
      NDArray w = m.randomNormal(new Shape(1000, 16)); // (out, in): 3 chunks of 300 and one of 100
      NDArray whole = Projection.apply(x, w);
      for (int chunk : new int[] {300, 999, 1000, 5000}) {
        NDArray chunked = Projection.applyInRowChunks(x, w, chunk);
        assertThat(chunked.getShape()).isEqualTo(new Shape(4, 2, 1000));
        assertThat(chunked.sub(whole).abs().max().getFloat()).as("chunk " + chunk).isLessThan(1e-5f);
      }
      assertThat(x.getShape()).as("the input keeps its shape").isEqualTo(new Shape(4, 2, 16));
      assertThat(Projection.apply(x.reshape(8, 16), w).getShape()).isEqualTo(new Shape(8, 1000));
    }
  }
}
