package ai.tao.benchmarks.docqa;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How questions are worded: the documentation's few fixed templates with the statement's own line
 * names, and the production users' other templates, which call a line by its statement name or by a
 * {@link LineItem#synonyms() synonym}. No template is both, so the base model, trained on the
 * documentation, meets every production template for the first time.
 *
 * <p>Placeholders: {@code {a}} the line asked about (a difference's minuend), {@code {b}} a
 * difference's subtrahend, {@code {rev}} revenue as the denominator of a percentage, {@code
 * {company}}, {@code {year}}.
 *
 * <p>Production templates are designed to differ from the documentation in the ways users do: other
 * verbs and question words ("How much more ... than"), the clauses reordered ("Subtract {b} from
 * {a}": the subtrahend named first), other names for the same line, and the company or year named
 * where the documentation leaves them implicit.
 *
 * @since 0.3
 */
public final class DocQaPhrasings {

  /** Documentation templates, by kind. */
  public static final Map<QuestionKind, List<String>> DOC = new EnumMap<>(Map.of(
      QuestionKind.FIGURE, List.of("What was {a}?", "What was {a} in {year}?", "State {a}."),
      QuestionKind.DIFFERENCE, List.of("What was {a} minus {b}?", "What is {a} less {b}?",
          "By how much did {a} exceed {b}?"),
      QuestionKind.PERCENT_OF_REVENUE, List.of("What was {a} as a percentage of {rev}?",
          "What percent of {rev} was {a}?")));

  /** Production templates, by kind; none of them is a documentation template. */
  public static final Map<QuestionKind, List<String>> PROD = new EnumMap<>(Map.of(
      QuestionKind.FIGURE, List.of("How much {a} did {company} report?", "Give me the {a} figure.",
          "{company} {a} for FY{year}?", "Tell me {a}."),
      QuestionKind.DIFFERENCE, List.of("How much more was {a} than {b}?", "What's the gap between {a} and {b}?",
          "Subtract {b} from {a}.", "{a} net of {b}?"),
      QuestionKind.PERCENT_OF_REVENUE, List.of("What share of {rev} was {a}?", "{a} relative to {rev}, in percent?",
          "How big was {a} next to {rev}, as a percentage?")));

  /**
   * Chance that a production question calls a line by its statement name rather than a synonym.
   * One half: production users know the report's terms about as often as they use their own.
   */
  public static final double PROD_STATEMENT_NAME_SHARE = 0.5;

  private DocQaPhrasings() {}

  /** The templates of {@code phrasing} ({@link DocQaTask#DOC} or {@link DocQaTask#PROD}) for {@code kind}. */
  public static List<String> templates(String phrasing, QuestionKind kind) {
    return (phrasing.equals(DocQaTask.DOC) ? DOC : PROD).get(kind);
  }

  /**
   * {@code template} filled in for {@code s}; production questions draw each line's name from
   * {@code rng}, documentation ones always use the statement's name.
   */
  static String fill(String template, String phrasing, Statement s, LineItem a, LineItem b, Random rng) {
    String q = template.replace("{company}", s.company()).replace("{year}", Integer.toString(s.year()))
        .replace("{a}", name(a, phrasing, rng)).replace("{rev}", name(LineItem.REVENUE, phrasing, rng));
    if (b != null) {
      q = q.replace("{b}", name(b, phrasing, rng));
    }
    return Character.toUpperCase(q.charAt(0)) + q.substring(1);
  }

  private static String name(LineItem item, String phrasing, Random rng) {
    if (phrasing.equals(DocQaTask.DOC) || rng.nextDouble() < PROD_STATEMENT_NAME_SHARE) {
      return item.docName();
    }
    return item.synonyms().get(rng.nextInt(item.synonyms().size()));
  }
}
