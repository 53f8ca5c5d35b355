package ai.tao.rewards;

import ai.tao.api.ConfigurationException;
import ai.tao.rewards.internal.Numbers;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the final answer out of a completion so answers can be compared across a group.
 *
 * <p>An extractor returns empty when the completion has no answer it can read; such a candidate
 * does not vote. A blank answer counts as no answer.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AnswerExtractor {

  /** The answer in {@code completionText}, or empty if there is none. */
  Optional<String> extract(String completionText);

  /** This extractor with {@code normalizer} applied to every answer (blank results dropped). */
  default AnswerExtractor map(UnaryOperator<String> normalizer) {
    Objects.requireNonNull(normalizer, "normalizer");
    return text -> extract(text).map(normalizer).filter(a -> !a.isBlank());
  }

  /** The last non-blank line, stripped. The default: a model's final answer usually ends its output. */
  static AnswerExtractor lastLine() {
    return text -> {
      List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
    };
  }

  /**
   * Group {@code group} of the last match of {@code pattern}, stripped (the last match, because
   * reasoning before the final answer often repeats the pattern).
   *
   * @throws ConfigurationException if the pattern has fewer than {@code group} groups
   */
  static AnswerExtractor regex(Pattern pattern, int group) {
    Objects.requireNonNull(pattern, "pattern");
    int groups = pattern.matcher("").groupCount();
    if (group < 0 || group > groups) {
      throw new ConfigurationException(
          "answer pattern '" + pattern + "' has " + groups + " group(s); group " + group
              + " does not exist");
    }
    return text -> {
      Matcher m = pattern.matcher(text);
      String last = null;
      while (m.find()) {
        last = m.group(group);
      }
      return Optional.ofNullable(last).map(String::strip).filter(a -> !a.isEmpty());
    };
  }

  /**
   * The last number in the text, canonical: thousands commas dropped, trailing zeros dropped, so
   * "7,000", "7000" and "7000.00" are one answer. Numbers inside words ("Q1", "v2") are skipped.
   */
  static AnswerExtractor lastNumber() {
    return text -> {
      List<String> numbers = Numbers.findAll(text);
      if (numbers.isEmpty()) {
        return Optional.empty();
      }
      return Numbers.parse(numbers.get(numbers.size() - 1)).map(Numbers::canonical);
    };
  }
}
