package ai.tao.serve.flywheel;

import java.util.Objects;

/**
 * A text after {@link PiiScrubber#scrub(String)}.
 *
 * @param text the text with every match replaced by its kind's placeholder
 * @param counts how many matches of each kind were replaced
 * @since 0.5
 */
public record Scrubbed(String text, PiiCounts counts) {
  public Scrubbed {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(counts, "counts");
  }
}
