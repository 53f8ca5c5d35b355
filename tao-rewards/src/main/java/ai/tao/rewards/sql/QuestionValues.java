package ai.tao.rewards.sql;

import ai.tao.rewards.internal.Numbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a question names: numbers (digits, with or without thousands commas, and the number
 * words two to twelve), quoted phrases, and known database values that occur in it.
 *
 * <p>A known value of one or two characters ({@code IT}, {@code HR}, {@code NY}) must occur in the
 * same case, so the pronoun "it" is not read as the IT department; longer ones match in any case.
 * All matches are on word boundaries. Known values that are numbers are left to the number rule.
 *
 * @param numbers canonical numbers ({@link Numbers#canonical(java.math.BigDecimal)})
 * @param phrases quoted phrases and known values, as written in the known-value list or the
 *     question
 */
record QuestionValues(Set<String> numbers, Set<String> phrases) {

  private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
      Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
      Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"),
      Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"),
      Map.entry("eleven", "11"), Map.entry("twelve", "12"));

  private static final Pattern WORD = Pattern.compile("\\p{L}+");

  /** Double quotes, curly quotes, or single quotes that are not apostrophes. */
  private static final Pattern QUOTED = Pattern.compile(
      "\"([^\"\\n]+)\"|\u201c([^\u201d\\n]+)\u201d|(?<![\\p{L}\\p{N}])'([^'\\n]+)'(?![\\p{L}\\p{N}])");

  QuestionValues {
    numbers = Set.copyOf(numbers);
    phrases = Set.copyOf(phrases);
  }

  /** Compiles known values into word-boundary patterns, once per scorer. */
  static List<Pattern> knownValuePatterns(Collection<String> knownValues) {
    List<Pattern> patterns = new ArrayList<>();
    for (String v : knownValues) {
      String value = v.strip();
      if (value.isEmpty() || Numbers.parse(value).isPresent()) {
        continue;
      }
      int flags = value.length() <= 2 ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      patterns.add(Pattern.compile(
          "(?<![\\p{L}\\p{N}])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}])", flags));
    }
    return patterns;
  }

  static QuestionValues of(String question, List<Pattern> knownValues) {
    Set<String> numbers = new TreeSet<>();
    for (String raw : Numbers.findAll(question)) {
      Numbers.parse(raw).ifPresent(n -> numbers.add(Numbers.canonical(n.abs())));
    }
    Matcher words = WORD.matcher(question);
    while (words.find()) {
      String n = NUMBER_WORDS.get(words.group().toLowerCase(Locale.ROOT));
      if (n != null) {
        numbers.add(n);
      }
    }
    Set<String> phrases = new TreeSet<>();
    Matcher quoted = QUOTED.matcher(question);
    while (quoted.find()) {
      for (int g = 1; g <= 3; g++) {
        if (quoted.group(g) != null && !quoted.group(g).isBlank()) {
          phrases.add(quoted.group(g).strip());
        }
      }
    }
    for (Pattern p : knownValues) {
      Matcher m = p.matcher(question);
      if (m.find()) {
        phrases.add(m.group());
      }
    }
    return new QuestionValues(numbers, phrases);
  }

  /**
   * A form that is equal for two questions exactly when they name the same values (phrases
   * compared case-insensitively).
   */
  String signature() {
    Set<String> parts = new TreeSet<>();
    numbers.forEach(n -> parts.add("n:" + n));
    phrases.forEach(p -> parts.add("s:" + p.toLowerCase(Locale.ROOT)));
    return String.join("|", parts);
  }

  /** Whether the text names a number equal to {@code canonical}. */
  boolean hasNumber(String canonical) {
    return numbers.contains(canonical);
  }
}
