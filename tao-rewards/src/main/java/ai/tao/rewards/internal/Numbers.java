package ai.tao.rewards.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finding numbers in text and writing them in one canonical form, so 7000, 7,000 and 7000.0 match. */
public final class Numbers {

  /**
   * A number written in text: optional sign, digits with optional thousands commas, optional
   * fraction. Not part of a word ("Q1", "7k" and "v2" are not numbers).
   */
  private static final Pattern IN_TEXT =
      Pattern.compile("(?<![\\w.])-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?![\\w])");

  /**
   * Non-integers are compared to this many significant digits, so float noise
   * (0.30000000000000004) and the different scales of decimal division do not split votes.
   */
  private static final MathContext FRACTION_PRECISION = new MathContext(10, RoundingMode.HALF_EVEN);

  private Numbers() {}

  /** Every number in {@code text}, in order, as written (commas and signs kept). */
  public static List<String> findAll(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = IN_TEXT.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  /** {@code raw} as a number, thousands commas allowed; empty if it is not one. */
  public static Optional<BigDecimal> parse(String raw) {
    String s = raw.strip().replace(",", "");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The canonical text of a number: no trailing zeros, no exponent, no negative zero. */
  public static String canonical(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    return value.stripTrailingZeros().toPlainString();
  }

  /**
   * Like {@link #canonical(BigDecimal)}, but a non-integer is first rounded to 10 significant
   * digits. Integers stay exact so large ids never merge.
   */
  public static String canonicalRounded(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > 0) {
      stripped = stripped.round(FRACTION_PRECISION);
    }
    return canonical(stripped);
  }

  /** The canonical text of {@code raw} if it is a number. */
  public static Optional<String> canonical(String raw) {
    return parse(raw).map(Numbers::canonical);
  }
}
