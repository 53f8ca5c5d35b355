package ai.tao.serve.table;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One row read back from the {@link InferenceTable}.
 *
 * @param id the row's id: assigned by the database on insert, increasing in insert order; the
 *     watermark of {@link InferenceTable#rowsSince}
 * @param inference what was served
 * @param feedback the score recorded by {@link InferenceTable#recordFeedback}; empty until then
 * @since 0.3
 */
public record InferenceRow(long id, Inference inference, OptionalDouble feedback) {
  public InferenceRow {
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(feedback, "feedback");
  }
}
