package ai.tao.core.reward;

import ai.tao.api.DataInputException;
import java.util.Objects;

/**
 * One preference: for {@code prompt}, {@code chosen} is the better response and {@code rejected}
 * the worse. The training data of a reward model (TRL's "prompt, chosen, rejected" layout).
 *
 * @param prompt the prompt text both responses continue
 * @param chosen the preferred response
 * @param rejected the response it is preferred to; must differ from {@code chosen}
 * @param margin how much higher the chosen reward should be, in reward units (TRL's per-pair
 *     {@code margin} column); 0 when the data has none
 * @since 0.3
 */
public record PreferencePair(String prompt, String chosen, String rejected, double margin) {

  /**
   * @throws DataInputException if a text is null, the responses are equal, or the margin is not
   *     finite
   */
  public PreferencePair {
    if (prompt == null || chosen == null || rejected == null) {
      throw new DataInputException("a preference pair needs prompt, chosen and rejected texts");
    }
    if (chosen.equals(rejected)) {
      throw new DataInputException("chosen and rejected are the same text for prompt '" + shorten(prompt)
          + "'; a pair must prefer one response to a different one");
    }
    if (!Double.isFinite(margin)) {
      throw new DataInputException("pair margin must be finite, got " + margin);
    }
  }

  /** A pair without a margin. */
  public static PreferencePair of(String prompt, String chosen, String rejected) {
    return new PreferencePair(prompt, chosen, rejected, 0);
  }

  static String shorten(String s) {
    Objects.requireNonNull(s);
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
