package ai.tao.serve.flywheel;

import ai.tao.api.Prompt;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link NearDuplicateFilter#filter} call kept and dropped.
 *
 * @param kept the prompts that repeat nothing seen before, in input order
 * @param dropped the prompts dropped, in input order, each with the prompt it repeats
 * @since 0.5
 */
public record DedupResult(List<Prompt> kept, List<Duplicate> dropped) {
  public DedupResult {
    kept = List.copyOf(Objects.requireNonNull(kept, "kept"));
    dropped = List.copyOf(Objects.requireNonNull(dropped, "dropped"));
  }

  /** Prompts dropped as exact duplicates (after normalisation). */
  public int exactDuplicates() {
    return (int) dropped.stream().filter(Duplicate::exact).count();
  }

  /** Prompts dropped as near duplicates: similar enough, not the same. */
  public int nearDuplicates() {
    return dropped.size() - exactDuplicates();
  }
}
