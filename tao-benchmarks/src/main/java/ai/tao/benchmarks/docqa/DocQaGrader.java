package ai.tao.benchmarks.docqa;

import ai.tao.api.Grader;
import ai.tao.core.eval.Graders;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grades a DocQA answer: the last number on the completion's first line (the result, after the
 * figures it was worked from) against the gold number.
 *
 * <p>Tolerance: {@value #TOLERANCE} absolute. Every gold answer is an integer, so the tolerance only
 * lets a written fraction of zero through ({@code 34.0} for 34); a number off by one, such as a
 * percentage rounded the wrong way, is wrong. Thousands commas and a trailing unit are ignored
 * ({@code 1,034}, {@code 34%}); a sign is read only when it touches the digits ({@code -5}, not
 * {@code 412 - 230}). A completion with no number on its first line is wrong and has no
 * answer key, so it does not vote in majority@n. The answer key is the number rounded to an integer.
 *
 * @since 0.3
 */
public final class DocQaGrader {
  /** Largest absolute difference from the gold answer that still counts as correct. */
  public static final double TOLERANCE = 0.01;
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?");

  private DocQaGrader() {}

  /** The grader, named {@code docqa-number}. */
  public static Grader create() {
    return Grader.of("docqa-number", (completion, reference) -> {
      Optional<Double> got = number(completion);
      Optional<Double> want = Graders.firstNumber(reference);
      return got.isPresent() && want.isPresent() && Math.abs(got.get() - want.get()) <= TOLERANCE;
    }, completion -> number(completion).map(v -> BigDecimal.valueOf(Math.round(v)).toPlainString()));
  }

  /** The last number on the first line of {@code completion}. */
  static Optional<Double> number(String completion) {
    int end = completion.indexOf('\n');
    Matcher m = NUMBER.matcher(end < 0 ? completion : completion.substring(0, end));
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return Optional.ofNullable(last).map(n -> Double.parseDouble(n.replace(",", "")));
  }
}
