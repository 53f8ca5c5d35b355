package ai.tao.serve.flywheel;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The patterns behind {@link PiiScrubber}, in the order they run: secrets first (a token may hold
 * digit runs or an {@code @}), then e-mail addresses, card numbers and last phone numbers.
 *
 * <p>Each rule is a pattern, a check of the match (Luhn, digit counts, how random a token looks)
 * and the group replaced: a rule such as {@code Bearer (token)} keeps its keyword.
 */
final class PiiRules {
  private PiiRules() {}

  /** One pattern: {@code group} of a match that passes {@code accept} is replaced. */
  record Rule(PiiKind kind, Pattern pattern, int group, Predicate<MatchResult> accept) {
    /**
     * Replaces every accepted match in {@code text}.
     *
     * @param counter receives one call per replacement
     */
    String apply(String text, Runnable counter) {
      Matcher m = pattern.matcher(text);
      StringBuilder out = null;
      int last = 0;
      while (m.find()) {
        if (!accept.test(m)) {
          continue;
        }
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, m.start(group)).append(kind.placeholder());
        last = m.end(group);
        counter.run();
      }
      return out == null ? text : out.append(text, last, text.length()).toString();
    }
  }

  /** Not preceded by a letter, digit or underscore: the start of a token. */
  private static final String TOKEN_START = "(?<![A-Za-z0-9_])";
  /** Not followed by a letter, digit or underscore: the end of a token. */
  private static final String TOKEN_END = "(?![A-Za-z0-9_])";
  /**
   * Where a number may start: not inside a word, a decimal, an amount ({@code 1,250}), a range or a
   * path, and not right after a digit and a separator (the tail of a longer grouped number).
   */
  private static final String NUMBER_START = "(?<![A-Za-z0-9_.,+/-])(?<!\\d[ .-])";
  /** Where a number may end: not before a letter or digit, nor before a separator and more digits. */
  private static final String NUMBER_END = "(?![A-Za-z0-9_]|[.,/:-]\\d|[ ]\\d)";

  /** A calendar date inside a phone-shaped match: 15/01/2023, 2023-01-15, 01.02.2023. */
  private static final Pattern DATE = Pattern.compile(
      "(?<!\\d)(?:\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}[./-]\\d{1,2}[./-]\\d{1,2})(?!\\d)");

  static final List<Rule> RULES = List.of(
      // Secrets: specific formats first, so that the generic token rule below sees only what is left.
      always("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----"),
      new Rule(PiiKind.SECRET, Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9._~+/-]{16,}=*)"), 1,
          m -> hasDigit(m.group(1)) && hasLetter(m.group(1))),
      new Rule(PiiKind.SECRET, Pattern.compile(TOKEN_START + "sk-[A-Za-z0-9_-]{20,}"), 0,
          m -> hasDigit(m.group())), // OpenAI, Anthropic (sk-ant-…), sk-proj-…; "sk-learn-…" has no digit
      always(TOKEN_START + "[spr]k_(?:live|test)_[A-Za-z0-9]{16,}" + TOKEN_END), // Stripe
      always(TOKEN_START + "gh[pousr]_[A-Za-z0-9]{36,}" + TOKEN_END), // GitHub
      always(TOKEN_START + "github_pat_[A-Za-z0-9_]{40,}"),
      always(TOKEN_START + "(?:AKIA|ASIA)[0-9A-Z]{16}" + TOKEN_END), // AWS access key id
      new Rule(PiiKind.SECRET, Pattern.compile(TOKEN_START + "xox[abposr]-[A-Za-z0-9-]{10,}"), 0,
          m -> hasDigit(m.group())), // Slack
      always(TOKEN_START + "AIza[0-9A-Za-z_-]{35}" + TOKEN_END), // Google API key
      always(TOKEN_START + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), // JWT
      // password=…, api_key: "…": the value only, and only one that mixes letters and digits, so that
      // "WHERE password = password_hash" in a SQL question stays as it is.
      new Rule(PiiKind.SECRET, Pattern.compile("(?i)(?<![A-Za-z0-9])(?:api[_-]?key|access[_-]?token|auth[_-]?token"
          + "|secret(?:[_-]?key)?|token|password|passwd|pwd)[\"']?\\s*[:=]\\s*[\"']?([^\\s\"',;]{6,})"), 1,
          m -> hasDigit(m.group(1)) && hasLetter(m.group(1))),
      new Rule(PiiKind.SECRET, Pattern.compile(TOKEN_START + "[0-9a-fA-F]{32,}" + TOKEN_END), 0,
          m -> hasDigit(m.group()) && hasLetter(m.group())), // hex keys, digests
      new Rule(PiiKind.SECRET, Pattern.compile("(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/-]{32,}={0,2}(?![A-Za-z0-9_+/=-])"),
          0, m -> looksRandom(m.group())), // base64 and other random tokens
      // E-mail: the local part starts with a letter or digit, so LIKE '%@gmail.com' is left alone.
      always(PiiKind.EMAIL, "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
          + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"),
      new Rule(PiiKind.CARD, Pattern.compile(NUMBER_START + "(?:\\d[ -]?){12,18}\\d" + NUMBER_END), 0,
          m -> isCardNumber(m.group())),
      // Phones. International: a + and 8 to 16 digits in groups (a trunk "(0)" may add one).
      new Rule(PiiKind.PHONE, Pattern.compile("(?<![A-Za-z0-9_+])\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,4}\\)?){2,6}"
          + NUMBER_END), 0, m -> digitsBetween(m.group(), 8, 16) && !DATE.matcher(m.group()).find()),
      // North American: (415) 555-2671, 415-555-2671, 415.555.2671, 415 555 2671, 1-800-555-1234.
      new Rule(PiiKind.PHONE, Pattern.compile(NUMBER_START + "(?:1[ .-]?)?(?:\\(\\d{3}\\) ?\\d{3}[ .-]"
          + "|\\d{3}-\\d{3}-|\\d{3}\\.\\d{3}\\.|\\d{3} \\d{3} )\\d{4}" + NUMBER_END), 0,
          m -> !DATE.matcher(m.group()).find()),
      // National with a trunk 0 and separators: 020 7946 0958, 030 1234567, 06 12 34 56 78.
      new Rule(PiiKind.PHONE, Pattern.compile(NUMBER_START + "(?:\\(0\\d{1,4}\\) ?|0\\d{1,4}[ .-])\\d{2,8}"
          + "(?:[ .-]\\d{2,8}){0,3}" + NUMBER_END), 0,
          m -> digitsBetween(m.group(), 9, 12) && !DATE.matcher(m.group()).find()));

  /** A secret format that needs no check beyond its pattern. */
  private static Rule always(String regex) {
    return always(PiiKind.SECRET, regex);
  }

  private static Rule always(PiiKind kind, String regex) {
    return new Rule(kind, Pattern.compile(regex), 0, m -> true);
  }

  /** 13 to 19 digits, an issuer's first digit (2 to 6: Mastercard, Amex, Visa, Discover…) and Luhn. */
  static boolean isCardNumber(String s) {
    String digits = s.replaceAll("[^0-9]", "");
    return digits.length() >= 13 && digits.length() <= 19 && digits.charAt(0) >= '2' && digits.charAt(0) <= '6'
        && luhn(digits);
  }

  /** The Luhn check: every second digit from the right doubled, digit sums added, a multiple of 10. */
  static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  /**
   * A token that mixes letters and digits and changes between upper case, lower case and digits at
   * 40% or more of its characters. Random base64 does at about 65%; identifiers such as {@code
   * calculateRevenueFor2023Report} or {@code order_items_2023_q4} stay below 36%.
   */
  static boolean looksRandom(String token) {
    int prev = -1;
    int changes = 0;
    int counted = 0;
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      int cls = Character.isUpperCase(c) ? 0 : Character.isLowerCase(c) ? 1 : Character.isDigit(c) ? 2 : -1;
      if (cls < 0) {
        continue;
      }
      digit |= cls == 2;
      letter |= cls != 2;
      if (prev >= 0 && cls != prev) {
        changes++;
      }
      prev = cls;
      counted++;
    }
    return digit && letter && counted >= 2 && changes >= 0.4 * (counted - 1);
  }

  private static boolean digitsBetween(String s, int min, int max) {
    long n = s.chars().filter(c -> c >= '0' && c <= '9').count();
    return n >= min && n <= max;
  }

  private static boolean hasDigit(String s) {
    return s.chars().anyMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean hasLetter(String s) {
    return s.chars().anyMatch(Character::isLetter);
  }
}
