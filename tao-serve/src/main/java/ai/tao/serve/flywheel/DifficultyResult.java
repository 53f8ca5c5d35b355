package ai.tao.serve.flywheel;

import ai.tao.api.Prompt;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link DifficultyFilter#filter} call kept and dropped.
 *
 * @param kept the prompts whose candidates disagree (or give no answer), in input order
 * @param dropped the prompts every candidate answered the same way, in input order
 * @since 0.5
 */
public record DifficultyResult(List<Prompt> kept, List<Prompt> dropped) {
  public DifficultyResult {
    kept = List.copyOf(Objects.requireNonNull(kept, "kept"));
    dropped = List.copyOf(Objects.requireNonNull(dropped, "dropped"));
  }
}
