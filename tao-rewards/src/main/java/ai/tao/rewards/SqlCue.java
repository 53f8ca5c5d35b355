package ai.tao.rewards;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A rule tying words of the question to a construct of the SQL. When {@code question} matches the
 * question, {@code sql} must match the query ("average" asks for {@code AVG(...)}); and when the
 * query matches {@code unasked} (if set), {@code permits} must match the question ({@code AVG(...)}
 * as the answer of a question that never says "average" answers another question). Patterns are
 * case-insensitive; SQL patterns see the whole query ({@code DOTALL}).
 *
 * @param name short label used in failure reasons ("avg")
 * @param question words that ask for the construct
 * @param sql what the SQL must then contain
 * @param unasked what the SQL may contain only when {@code permits} is in the question; empty: no
 *     such rule
 * @param permits words that allow {@code unasked}; usually {@code question} or a wider set
 * @since 0.1
 */
public record SqlCue(String name, Pattern question, Pattern sql, Optional<Pattern> unasked, Pattern permits) {
  public SqlCue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(unasked, "unasked");
    Objects.requireNonNull(permits, "permits");
  }

  /** A one-way cue: the question's words demand the construct. */
  public static SqlCue of(String name, String questionRegex, String sqlRegex) {
    Pattern q = compile(questionRegex);
    return new SqlCue(name, q, compile(sqlRegex), Optional.empty(), q);
  }

  /** A two-way cue: the words demand the construct, and {@code unaskedRegex} in the SQL needs the words. */
  public static SqlCue of(String name, String questionRegex, String sqlRegex, String unaskedRegex) {
    return of(name, questionRegex, sqlRegex, unaskedRegex, questionRegex);
  }

  /** A two-way cue whose {@code unaskedRegex} is allowed by a wider set of words, {@code permitsRegex}. */
  public static SqlCue of(String name, String questionRegex, String sqlRegex, String unaskedRegex,
      String permitsRegex) {
    return new SqlCue(name, compile(questionRegex), compile(sqlRegex), Optional.of(compile(unaskedRegex)),
        compile(permitsRegex));
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  /** The outer projection (before the first FROM) computes {@code fn}. */
  private static String projects(String fn) {
    return "^\\s*select\\s(?:(?!\\bfrom\\b).)*\\b" + fn + "\\s*\\(";
  }

  /**
   * English aggregate words and the functions they ask for. Asked: average(s)/avg/mean → AVG; how
   * many, count(s), number of, headcount, size(s), {@code #} (not before a digit) → COUNT;
   * total(s)/sum(s)/altogether/combined/in all/add up → SUM (or COUNT: "total number of");
   * highest/maximum/max/top/largest → MAX or ORDER BY … DESC; lowest/minimum/min/smallest → MIN or
   * an ascending ORDER BY. Unasked: an outer projection computing AVG, COUNT, SUM, MAX or MIN needs
   * its words (MAX and MIN also accept other extremes: oldest, latest, fewest, ...);
   * aggregates in HAVING, WHERE or subqueries are left alone.
   */
  public static List<SqlCue> englishAggregates() {
    String extremes = "|oldest|youngest|newest|latest|earliest|most recent|biggest|greatest|fewest"
        + "|cheapest|priciest|longest|shortest";
    String max = "\\b(?:highest|maximum|maximums|max|top|largest)\\b";
    String min = "\\b(?:lowest|minimum|minimums|min|smallest)\\b";
    return List.of(
        of("avg", "\\b(?:avg|averages?|mean)\\b", "\\bavg\\s*\\(", projects("avg")),
        of("count", "\\b(?:how many|counts?|number of|headcount|sizes?)\\b|#(?!\\d)", "\\bcount\\s*\\(",
            projects("count")),
        of("sum", "\\b(?:totals?|sums?|altogether|combined|in all|add up|added up)\\b",
            "\\b(?:sum|count)\\s*\\(", projects("sum")),
        of("max", max, "\\bmax\\s*\\(|\\border\\s+by\\b.*\\bdesc\\b", projects("max"),
            max.replace(")\\b", extremes + ")\\b")),
        of("min", min, "\\bmin\\s*\\(|\\border\\s+by\\b(?:(?!\\bdesc\\b).)*$", projects("min"),
            min.replace(")\\b", extremes + ")\\b")));
  }

  /** Why {@code sql} fails this cue for {@code question}, if it does. */
  Optional<String> violation(String question, String sql) {
    if (this.question.matcher(question).find() && !this.sql.matcher(sql).find()) {
      return Optional.of("question asks for " + name + ", the SQL does not compute it");
    }
    if (unasked.isPresent() && unasked.get().matcher(sql).find() && !permits.matcher(question).find()) {
      return Optional.of("SQL computes " + name + ", the question does not ask for it");
    }
    return Optional.empty();
  }
}
