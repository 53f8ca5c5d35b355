package ai.tao.rewards.sql;

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


  /** The SQL aggregates a question can ask for, with the constructs that answer them. */
  public enum Aggregate {
    /** An average: {@code AVG(...)}. */
    AVG("\\bavg\\s*\\(", projects("avg"), "avg|averages?|mean"),
    /** A count: {@code COUNT(...)}. */
    COUNT("\\bcount\\s*\\(", projects("count"), "how many|counts?|number of"),
    /** A sum ({@code SUM(...)}, or {@code COUNT}: "the total number of"). */
    SUM("\\b(?:sum|count)\\s*\\(", projects("sum"), "totals?|sums?|altogether|combined|in all|add up|added up"),
    /** A largest value: {@code MAX(...)} or a descending {@code ORDER BY}. */
    MAX("\\bmax\\s*\\(|\\border\\s+by\\b.*\\bdesc\\b", projects("max"),
        "highest|maximum|maximums|max|largest|biggest|greatest"),
    /** A smallest value: {@code MIN(...)} or an ascending {@code ORDER BY}. */
    MIN("\\bmin\\s*\\(|\\border\\s+by\\b(?:(?!\\bdesc\\b).)*$", projects("min"),
        "lowest|minimum|minimums|min|smallest|fewest");

    final String sql;
    final String projected;
    /** General English words that ask for it. */
    final String englishAsks;

    Aggregate(String sql, String projected, String englishAsks) {
      this.sql = sql;
      this.projected = projected;
      this.englishAsks = englishAsks;
    }

    /** The outer projection (before the first FROM) computes {@code fn}. */
    private static String projects(String fn) {
      return "^\\s*select\\s(?:(?!\\bfrom\\b).)*\\b" + fn + "\\s*\\(";
    }

    /** The cue's name in failure reasons. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the query's outer projection computes this aggregate (used to learn cue words). */
    public boolean projectedBy(String sql) {
      return compile(projected).matcher(sql).find();
    }
  }

  /** Superlatives that may be answered by MAX or MIN although they do not demand it. */
  static final String EXTREMES = "oldest|youngest|newest|latest|earliest|most recent|most|fewest|cheapest"
      + "|priciest|longest|shortest|highest|lowest|largest|smallest|biggest|greatest|maximum|minimum";

  /**
   * General English aggregate words and the functions they ask for, words any English question
   * uses; no vocabulary of a particular application. Asked: average(s)/avg/mean → AVG; how many,
   * count(s), number of → COUNT; total(s)/sum(s)/altogether/combined/in all/add up → SUM (or
   * COUNT: "total number of"); highest/maximum/max/largest/biggest/greatest → MAX or ORDER BY …
   * DESC; lowest/minimum/min/smallest/fewest → MIN or an ascending ORDER BY. Unasked: an outer
   * projection computing AVG, COUNT, SUM, MAX or MIN needs its words (MAX and MIN also accept other
   * superlatives: oldest, latest, most, ...); aggregates in HAVING, WHERE or subqueries are left
   * alone. An application's own words ("tally", say) are learned from its documentation with
   * {@link SqlCueMiner}, which adds them to these.
   */
  public static List<SqlCue> englishAggregates() {
    return aggregates(java.util.Map.of());
  }

  /**
   * The English aggregate cues with extra words per aggregate (lower-case words or single symbols
   * such as {@code #}), each of which asks for its aggregate and permits it.
   */
  public static List<SqlCue> aggregates(java.util.Map<Aggregate, ? extends java.util.Collection<String>> extraWords) {
    return aggregates(extraWords, extraWords);
  }

  /**
   * The English aggregate cues with extra words that ask for an aggregate ({@code asks}: the SQL must
   * then compute it) and extra words that only permit it ({@code permits}: an outer projection
   * computing it is then no answer to another question). Every asking word also permits.
   */
  public static List<SqlCue> aggregates(java.util.Map<Aggregate, ? extends java.util.Collection<String>> asks,
      java.util.Map<Aggregate, ? extends java.util.Collection<String>> permits) {
    List<SqlCue> cues = new java.util.ArrayList<>();
    for (Aggregate a : Aggregate.values()) {
      StringBuilder ask = new StringBuilder("\\b(?:" + a.englishAsks + ")\\b");
      for (String w : asks.containsKey(a) ? asks.get(a) : List.<String>of()) {
        ask.append('|').append(wordPattern(w));
      }
      StringBuilder permit = new StringBuilder(ask);
      for (String w : permits.containsKey(a) ? permits.get(a) : List.<String>of()) {
        permit.append('|').append(wordPattern(w));
      }
      if (a == Aggregate.MAX || a == Aggregate.MIN) {
        permit.append("|\\b(?:").append(EXTREMES).append(")\\b");
      }
      cues.add(of(a.label(), ask.toString(), a.sql, a.projected, permit.toString()));
    }
    return List.copyOf(cues);
  }

  /** A regex matching {@code word} as a whole word, or a symbol not followed by a digit ("# staff", not "#3"). */
  static String wordPattern(String word) {
    if (word.chars().allMatch(Character::isLetter)) {
      return "\\b" + Pattern.quote(word) + "\\b";
    }
    return Pattern.quote(word) + "(?!\\s*\\d)";
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
