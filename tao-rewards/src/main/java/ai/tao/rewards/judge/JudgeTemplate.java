package ai.tao.rewards.judge;

import ai.tao.api.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The two messages a judge is sent, with placeholders that the scorer fills in. Only the names
 * below are replaced, so a template may contain other braces (a JSON example) freely.
 *
 * <ul>
 *   <li>every mode: {@code {rubric}}, {@code {question}} (a text prompt, or a chat prompt's messages
 *       as {@code role: content} lines), {@code {min}} and {@code {max}} (the score range);
 *   <li>pointwise: {@code {candidate}};
 *   <li>pairwise: {@code {a}} and {@code {b}};
 *   <li>group: {@code {candidates}} (each as {@code <answer id="N">...</answer>}, N from 1) and
 *       {@code {count}}.
 * </ul>
 *
 * <p>The user template must contain its mode's candidate placeholder(s); the defaults ({@link
 * #defaults}) ask for the verdict formats the scorer reads ({@code Score: N}, {@code Winner: A|B|tie},
 * {@code {"scores": [...]}}). A template that asks for another format gets replies the scorer cannot
 * read, and those count as failures.
 *
 * @param system the system message
 * @param user the user message
 * @since 0.3
 */
public record JudgeTemplate(String system, String user) {

  /** Default rubric: what a good answer is, when the user gives none. */
  public static final String DEFAULT_RUBRIC = "Judge whether the answer is correct and complete for the"
      + " question. Reward a correct final answer stated clearly; penalise errors, unsupported claims,"
      + " missing parts and irrelevant text. Length alone is no merit.";

  private static final String SYSTEM = "You are a strict, impartial grader. You judge answers by the"
      + " rubric only, never by their position or their length.";

  private static final JudgeTemplate POINTWISE = new JudgeTemplate(SYSTEM, """
      Rubric: {rubric}

      Question:
      {question}

      Answer to grade:
      <answer>
      {candidate}
      </answer>

      Grade the answer from {min} (worst) to {max} (best). Reason briefly, then end with one line \
      "Score: N".""");

  private static final JudgeTemplate PAIRWISE = new JudgeTemplate(SYSTEM, """
      Rubric: {rubric}

      Question:
      {question}

      Answer A:
      <answer_a>
      {a}
      </answer_a>

      Answer B:
      <answer_b>
      {b}
      </answer_b>

      Which answer is better by the rubric? Reason briefly, then end with one line "Winner: A", \
      "Winner: B" or "Winner: tie".""");

  private static final JudgeTemplate GROUP = new JudgeTemplate(SYSTEM, """
      Rubric: {rubric}

      Question:
      {question}

      {count} candidate answers, in no particular order:
      {candidates}

      Score every answer from {min} (worst) to {max} (best), relative to the others: better answers \
      get higher scores. Reply with JSON only, one score per answer in the order of their ids: \
      {"scores": [s1, s2, ...]}""");

  /** @throws ConfigurationException if either message is blank */
  public JudgeTemplate {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    if (system.isBlank() || user.isBlank()) {
      throw new ConfigurationException("judge template needs a non-blank system and user message");
    }
  }

  /** The default template of {@code mode}. */
  public static JudgeTemplate defaults(JudgeMode mode) {
    return switch (Objects.requireNonNull(mode, "mode")) {
      case POINTWISE -> POINTWISE;
      case PAIRWISE -> PAIRWISE;
      case GROUP -> GROUP;
    };
  }

  /** A copy with another user message. */
  public JudgeTemplate withUser(String user) {
    return new JudgeTemplate(system, user);
  }

  /** A copy with another system message. */
  public JudgeTemplate withSystem(String system) {
    return new JudgeTemplate(system, user);
  }

  /**
   * @throws ConfigurationException naming the missing placeholders if the user message lacks those
   *     that {@code mode} fills with candidates
   */
  void requirePlaceholdersOf(JudgeMode mode) {
    List<String> needed = switch (mode) {
      case POINTWISE -> List.of("{candidate}");
      case PAIRWISE -> List.of("{a}", "{b}");
      case GROUP -> List.of("{candidates}");
    };
    List<String> missing = needed.stream().filter(p -> !user.contains(p)).toList();
    if (!missing.isEmpty()) {
      throw new ConfigurationException("the " + mode.id() + " judge's user template lacks " + missing
          + ": without them the judge never sees the candidates; add them to the template");
    }
  }

  /** Both messages with every placeholder in {@code values} replaced. */
  JudgeTemplate fill(Map<String, String> values) {
    return new JudgeTemplate(replace(system, values), replace(user, values));
  }

  private static String replace(String template, Map<String, String> values) {
    // One pass, so a candidate that itself contains "{b}" is not filled in again.
    StringBuilder out = new StringBuilder(template.length() + 256);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        break;
      }
      int close = template.indexOf('}', open);
      String value = close < 0 ? null : values.get(template.substring(open + 1, close));
      if (value == null) {
        out.append(template, i, open + 1);
        i = open + 1;
      } else {
        out.append(template, i, open).append(value);
        i = close + 1;
      }
    }
    return out.append(template, i, template.length()).toString();
  }
}
