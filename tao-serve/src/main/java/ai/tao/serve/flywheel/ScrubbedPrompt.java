package ai.tao.serve.flywheel;

import ai.tao.api.Prompt;
import java.util.Objects;

/**
 * A prompt after {@link PiiScrubber#scrub(Prompt)}: its text, or every message's content,
 * scrubbed; id and metadata as they were.
 *
 * @param prompt the scrubbed prompt
 * @param counts how many matches of each kind were replaced, over all of its messages
 * @since 0.5
 */
public record ScrubbedPrompt(Prompt prompt, PiiCounts counts) {
  public ScrubbedPrompt {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(counts, "counts");
  }
}
