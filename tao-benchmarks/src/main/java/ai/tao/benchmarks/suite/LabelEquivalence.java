package ai.tao.benchmarks.suite;

import java.util.List;

/**
 * The label-equivalence curve of a task: SFT on K labeled production questions against TAO with
 * none.
 *
 * @param sft the curve, K ascending
 * @param taoKey the Table 3 row TAO's band is (the best label-free TAO variant by mean)
 * @param tao TAO's accuracy, the horizontal band
 * @param worthLabels the K at which the SFT curve's mean reaches TAO's mean, interpolated
 *     linearly in log K between the two measured points around it; {@code null} when the curve
 *     never reaches it or starts above it (then {@link #verdict} says which)
 * @param verdict the sentence the report prints, such as "TAO with no labels is worth about 140
 *     labels" or "SFT on 25 labels already beats TAO"
 */
public record LabelEquivalence(List<LabelPoint> sft, String taoKey, Estimate tao, Double worthLabels,
    String verdict) {
  public LabelEquivalence {
    sft = List.copyOf(sft);
  }
}
