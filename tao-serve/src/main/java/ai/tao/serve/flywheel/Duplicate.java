package ai.tao.serve.flywheel;

import ai.tao.api.Prompt;
import java.util.Objects;

/**
 * A prompt {@link NearDuplicateFilter} dropped, and the earlier prompt it repeats.
 *
 * @param prompt the dropped prompt
 * @param duplicateOf the id of the prompt seen before it (in this call or an earlier round)
 * @param similarity the estimated Jaccard similarity of the two; 1 for an exact duplicate
 * @param exact whether the two are the same after normalisation (case, whitespace, Unicode form)
 * @since 0.5
 */
public record Duplicate(Prompt prompt, String duplicateOf, double similarity, boolean exact) {
  public Duplicate {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(duplicateOf, "duplicateOf");
  }
}
