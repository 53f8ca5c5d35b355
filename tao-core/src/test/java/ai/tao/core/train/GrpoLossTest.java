package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.tao.core.TaoRuntime;
import org.junit.jupiter.api.Test;

/** Each token's weight in the batch average, against the two definitions worked by hand. */
class GrpoLossTest {
  /** Row 0 has two loss tokens, row 1 four, row 2 none; the batch has 4 sequences and 6 loss tokens. */
  static final float[] MASK = {0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0};

  @Test
  void tokenMeanWeighsEveryLossTokenOneOverTheBatchTokens() {
    float s = 1f / 6;
    assertThat(weights(LossAggregation.TOKEN_MEAN)).containsExactly(new float[] {0, s, s, 0, s, s, s, s, 0, 0, 0, 0},
        org.assertj.core.data.Offset.offset(1e-7f));
  }

  @Test
  void sequenceMeanWeighsATokenOneOverItsSequenceTokensTimesTheBatchSequences() {
    float a = 1f / (2 * 4);
    float b = 1f / (4 * 4);
    assertThat(weights(LossAggregation.SEQUENCE_MEAN)).containsExactly(
        new float[] {0, a, a, 0, b, b, b, b, 0, 0, 0, 0}, org.assertj.core.data.Offset.offset(1e-7f));
  }

  private static float[] weights(LossAggregation how) {
    try (NDManager m = TaoRuntime.newManager()) {
      return GrpoLoss.tokenWeights(m.create(MASK, new Shape(3, 4)), how, 4, 6).toFloatArray();
    }
  }
}
