package ai.tao.rewards;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A rule tying a word of the question to a construct of the SQL. When {@code question} matches
 * the question, {@code sql} must match the query ("average" asks for {@code AVG(...)}); and when
 * it does not, {@code unasked} (if set) must not ({@code AVG(...)} answers no question that never
 * says "average"). Patterns are matched case-insensitively.
 *
 * @param name short label used in failure reasons ("avg")
 * @param question what, found in the question, asks for the construct
 * @param sql what the SQL must then contain
 * @param unasked what the SQL must not contain unless asked; empty: no such rule
 * @since 0.1
 */
public record SqlCue(String name, Pattern question, Pattern sql, Optional<Pattern> unasked) {
  public SqlCue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(unasked, "unasked");
  }

  /** A one-way cue: the question's word demands the construct. */
  public static SqlCue of(String name, String questionRegex, String sqlRegex) {
    return new SqlCue(name, compile(questionRegex), compile(sqlRegex), Optional.empty());
  }

  /** A two-way cue: the word demands the construct, and the construct needs the word. */
  public static SqlCue of(String name, String questionRegex, String sqlRegex, String unaskedRegex) {
    return new SqlCue(name, compile(questionRegex), compile(sqlRegex), Optional.of(compile(unaskedRegex)));
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
  }

  /**
   * English aggregate words and the functions they ask for, both ways: average/avg/mean ↔ AVG;
   * how many, count, number of, headcount, size, {@code #} ↔ COUNT; total/sum/altogether/combined/in all/add up ↔ SUM; highest/maximum/
   * max/top/largest ↔ MAX (asked, ORDER BY … DESC also answers); lowest/minimum/min/smallest ↔ MIN
   * (asked, ORDER BY also answers).
   */
  public static List<SqlCue> englishAggregates() {
    return List.of(
        of("avg", "\\b(?:avg|average|mean)\\b", "\\bavg\\s*\\(", "\\bavg\\s*\\("),
        of("count", "\\b(?:how many|count|number of|headcount|size)\\b|#", "\\bcount\\s*\\(", "\\bcount\\s*\\("),
        of("sum", "\\b(?:total|sum|altogether|combined|in all|add up|added up)\\b", "\\bsum\\s*\\(", "\\bsum\\s*\\("),
        of("max", "\\b(?:highest|maximum|max|top|largest)\\b", "\\bmax\\s*\\(|\\bdesc\\b", "\\bmax\\s*\\("),
        of("min", "\\b(?:lowest|minimum|min|smallest)\\b", "\\bmin\\s*\\(|\\border\\s+by\\b", "\\bmin\\s*\\("));
  }

  /** Why {@code sql} fails this cue for {@code question}, if it does. */
  Optional<String> violation(String question, String sql) {
    boolean asked = this.question.matcher(question).find();
    if (asked && !this.sql.matcher(sql).find()) {
      return Optional.of("question asks for " + name + ", the SQL does not compute it");
    }
    if (!asked && unasked.isPresent() && unasked.get().matcher(sql).find()) {
      return Optional.of("SQL computes " + name + ", the question does not ask for it");
    }
    return Optional.empty();
  }
}
