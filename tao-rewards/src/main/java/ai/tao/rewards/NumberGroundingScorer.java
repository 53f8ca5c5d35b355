package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.internal.Numbers;
import ai.tao.rewards.internal.Texts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every number of the answer must come from the prompt: the {@code number-grounding} scorer, a
 * label-free check for question answering over a document given in the prompt.
 *
 * <p>A number of the answer is <em>grounded</em> when, rounded to the precision it is written with,
 * it equals
 *
 * <ul>
 *   <li>a number of the prompt, or
 *   <li>{@code p + q}, {@code p − q}, {@code p × q}, {@code p ÷ q}, the percentage {@code 100·p/q} or
 *       the percent change {@code 100·(p − q)/q} of two different numbers {@code p, q} of the prompt
 *       (either order).
 * </ul>
 *
 * <p>"Rounded to the precision written": an answer written with {@code d} decimals matches a value
 * within {@code 0.5·10^−d} (plus 1e-9 relative, for floating point), so {@code 34} matches 34.48
 * and {@code 1.8} matches 1.79. Numbers are found as in {@link AnswerExtractor#lastNumber()}:
 * thousands commas allowed, a unit after the number ignored ({@code 34%}), digits inside words
 * ({@code FY2021}, {@code Q3}) not numbers. For a chat prompt the document is the user messages.
 *
 * <p>Value 1 when every number of the answer is grounded; 0 otherwise, the reason naming the first
 * ungrounded number. An answer with no number scores 0 ("no number in the answer") by default: in
 * numeric question answering that is no answer; with {@link Builder#requireNumber(boolean)
 * requireNumber(false)} it is not applicable instead. Components: {@code numbers} (how many the
 * answer has) and {@code ungrounded} (how many of them are not grounded).
 *
 * <p>This is a necessary condition, not a correct answer: a wrong line or the wrong operation
 * is grounded too. It rules out invented and garbled figures, which makes it a gate in front of an
 * agreement score (see {@link GatedScorer}). Nothing in it is specific to a domain.
 *
 * @since 0.3
 */
public final class NumberGroundingScorer implements Scorer {

  private final AnswerExtractor answer;
  private final boolean requireNumber;

  private NumberGroundingScorer(AnswerExtractor answer, boolean requireNumber) {
    this.answer = answer;
    this.requireNumber = requireNumber;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().answer(answer).requireNumber(requireNumber);
  }

  @Override
  public String name() {
    return "number-grounding";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    Derivable derivable = Derivable.of(Texts.question(group.prompt()));
    List<Score> scores = new ArrayList<>(group.size());
    for (Completion c : group.candidates()) {
      scores.add(score(derivable, c.text()));
    }
    return scores;
  }

  /** The grounding of one answer text against {@code prompt}, as {@link #score(CandidateGroup)} scores it. */
  public Score score(Prompt prompt, String completion) {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(completion, "completion");
    return score(Derivable.of(Texts.question(prompt)), completion);
  }

  private Score score(Derivable derivable, String completion) {
    List<String> numbers = answer.extract(completion).map(Numbers::findAll).orElse(List.of());
    if (numbers.isEmpty()) {
      return requireNumber ? Score.zero("no number in the answer") : Score.notApplicable("no number in the answer");
    }
    String firstUngrounded = null;
    int ungrounded = 0;
    for (String raw : numbers) {
      Optional<BigDecimal> x = Numbers.parse(raw);
      if (x.isEmpty() || !derivable.matches(x.get())) {
        ungrounded++;
        if (firstUngrounded == null) {
          firstUngrounded = raw;
        }
      }
    }
    Map<String, Double> components = Map.of("numbers", (double) numbers.size(), "ungrounded", (double) ungrounded);
    if (ungrounded == 0) {
      return Score.of(1.0, components);
    }
    return new Score(0.0, components, true, "ungrounded number " + firstUngrounded
        + ": neither in the prompt nor one operation on two of its numbers");
  }

  @Override
  public String toString() {
    return "NumberGroundingScorer[requireNumber=" + requireNumber + "]";
  }

  /** The values a grounded number may take, sorted, for one prompt. */
  private record Derivable(double[] sorted) {

    static Derivable of(String prompt) {
      Set<Double> operands = new LinkedHashSet<>();
      for (String raw : Numbers.findAll(prompt)) {
        Numbers.parse(raw).ifPresent(v -> operands.add(v.doubleValue()));
      }
      double[] p = operands.stream().mapToDouble(Double::doubleValue).toArray();
      double[] values = new double[p.length + p.length * Math.max(0, p.length - 1) * 6];
      int n = 0;
      for (double v : p) {
        values[n++] = v;
      }
      for (int i = 0; i < p.length; i++) {
        for (int j = 0; j < p.length; j++) {
          if (i == j) {
            continue;
          }
          values[n++] = p[i] + p[j];
          values[n++] = p[i] - p[j];
          values[n++] = p[i] * p[j];
          // Division by zero gives an infinity or NaN, which no finite answer matches.
          values[n++] = p[i] / p[j];
          values[n++] = 100 * p[i] / p[j];
          values[n++] = 100 * (p[i] - p[j]) / p[j];
        }
      }
      double[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      return new Derivable(sorted);
    }

    /** Whether some derivable value rounds to {@code x} at the precision {@code x} is written with. */
    boolean matches(BigDecimal x) {
      double half = 0.5 * Math.pow(10, -Math.max(0, x.scale()));
      double v = x.doubleValue();
      double tol = half + 1e-9 * Math.max(1, Math.abs(v));
      int i = Arrays.binarySearch(sorted, v - tol);
      int from = i >= 0 ? i : -i - 1;
      return from < sorted.length && sorted[from] <= v + tol;
    }
  }

  /**
   * Builder for {@link NumberGroundingScorer}.
   *
   * @since 0.3
   */
  public static final class Builder {
    /**
     * Where the answer's numbers are read. Default: the whole completion, since every number a
     * model writes about the document should come from it. An extractor that finds no answer
     * counts as an answer with no number.
     */
    private AnswerExtractor answer = Optional::of;

    /**
     * Whether an answer without a number scores 0 (true, the default: a numeric question left
     * unanswered) or is not applicable (false: answers may rightly have no number).
     */
    private boolean requireNumber = true;

    private Builder() {}

    public Builder answer(AnswerExtractor answer) {
      this.answer = Objects.requireNonNull(answer, "answer");
      return this;
    }

    public Builder requireNumber(boolean requireNumber) {
      this.requireNumber = requireNumber;
      return this;
    }

    /** The scorer; every setting has a valid default. */
    public NumberGroundingScorer build() {
      return new NumberGroundingScorer(answer, requireNumber);
    }
  }
}
