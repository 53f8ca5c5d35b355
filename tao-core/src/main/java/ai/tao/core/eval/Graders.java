package ai.tao.core.eval;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Grader;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ready-made {@link Grader}s. For SQL result-set equality see {@code ai.tao.rewards.sql.SqlResultGrader};
 * anything else is a {@link Grader#of} away.
 *
 * @since 0.2
 */
public final class Graders {
  private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d[\\d,]*\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

  private Graders() {}

  /** The text, stripped, with runs of whitespace made one space, equals the reference's. */
  public static Grader exactMatch() {
    return Grader.of("exact-match", (c, r) -> normalise(c).equals(normalise(r)), c -> Optional.of(normalise(c)));
  }

  /**
   * The answer cut out of the completion by {@code answer} (group 1 if it has one, else the match)
   * equals the reference, both normalised as {@link #exactMatch()}; a completion the pattern does not
   * match has no answer.
   */
  public static Grader exactMatch(Pattern answer) {
    Objects.requireNonNull(answer, "answer");
    return Grader.of("exact-match(" + answer.pattern() + ")",
        (c, r) -> extract(answer, c).map(a -> a.equals(normalise(r))).orElse(false), c -> extract(answer, c));
  }

  /**
   * The first number in the completion is within {@code tolerance} of the reference's number
   * (absolute, or relative to the reference's magnitude when that is larger than 1). Thousands
   * commas are ignored. The answer key is the number rounded to the tolerance.
   *
   * @throws ConfigurationException if the tolerance is negative
   */
  public static Grader numeric(double tolerance) {
    if (!(tolerance >= 0)) {
      throw new ConfigurationException("numeric tolerance must be >= 0, got " + tolerance);
    }
    return Grader.of("numeric(" + tolerance + ")", (c, r) -> {
      Optional<Double> got = firstNumber(c);
      Optional<Double> want = firstNumber(r);
      if (got.isEmpty() || want.isEmpty()) {
        return false;
      }
      double scale = Math.max(1.0, Math.abs(want.get()));
      return Math.abs(got.get() - want.get()) <= tolerance * scale;
    }, c -> firstNumber(c).map(v -> tolerance == 0 ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
        : BigDecimal.valueOf(Math.round(v / tolerance) * tolerance).stripTrailingZeros().toPlainString()));
  }

  /** The first number written in {@code text}. */
  public static Optional<Double> firstNumber(String text) {
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      try {
        return Optional.of(Double.parseDouble(m.group().replace(",", "")));
      } catch (NumberFormatException e) {
        // "1,," and the like: try the next match
      }
    }
    return Optional.empty();
  }

  private static Optional<String> extract(Pattern answer, String completion) {
    Matcher m = answer.matcher(completion);
    if (!m.find()) {
      return Optional.empty();
    }
    String a = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    return Optional.of(normalise(a));
  }

  static String normalise(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
