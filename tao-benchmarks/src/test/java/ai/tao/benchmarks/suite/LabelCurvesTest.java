package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelCurvesTest {
  private static List<LabelPoint> curve(double... accuracies) {
    int[] ks = {25, 50, 100, 200};
    List<LabelPoint> p = new java.util.ArrayList<>();
    for (int i = 0; i < accuracies.length; i++) {
      p.add(new LabelPoint(ks[i], Estimate.single(accuracies[i])));
    }
    return p;
  }

  @Test
  void theCrossingIsInterpolatedInLogK() {
    LabelEquivalence e = LabelCurves.equivalence(curve(0.20, 0.30, 0.40), "tao:x", Estimate.single(0.35));
    // halfway from 0.30 to 0.40, halfway from log 50 to log 100: 50 * sqrt(2)
    assertThat(e.worthLabels()).isCloseTo(70.7107, within(1e-3));
    assertThat(e.verdict()).contains("worth about 71 labeled").contains("between 50 and 100");
    assertThat(e.taoKey()).isEqualTo("tao:x");
  }

  @Test
  void aCurveThatStartsAboveTaoHasNoEquivalence() {
    LabelEquivalence e = LabelCurves.equivalence(curve(0.40, 0.50), "tao:x", Estimate.single(0.35));
    assertThat(e.worthLabels()).isNull();
    assertThat(e.verdict()).startsWith("SFT on 25 labels already matches TAO").contains("40.0%").contains("35.0%");
  }

  @Test
  void aCurveThatNeverReachesTaoSaysTaoBeatsEveryK() {
    LabelEquivalence e = LabelCurves.equivalence(curve(0.10, 0.20, 0.30, 0.33), "tao:x", Estimate.single(0.35));
    assertThat(e.worthLabels()).isNull();
    assertThat(e.verdict()).contains("beats SFT on every K measured, up to 200 labels");
  }

  @Test
  void reachingTaoExactlyAtAMeasuredPointGivesThatK() {
    LabelEquivalence e = LabelCurves.equivalence(curve(0.20, 0.35), "tao:x", Estimate.single(0.35));
    assertThat(e.worthLabels()).isCloseTo(50.0, within(1e-9));
  }
}
