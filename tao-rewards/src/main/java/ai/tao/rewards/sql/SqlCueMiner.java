package ai.tao.rewards.sql;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns an application's own aggregate words from labeled (question, SQL) pairs a team already
 * has, such as its documentation: a word is a cue for an aggregate when every one of at least
 * {@code minSupport} questions that use it (a share of at least {@code minPrecision}) has SQL whose
 * outer projection computes that aggregate. "tally" becomes a COUNT word if the documentation
 * says "What is the tally of ..." with {@code COUNT(*)} each time.
 *
 * <p>Feed it documentation or other labeled data that is not what the model is evaluated on: the
 * cues then generalise from what the team wrote, never from the test questions.
 *
 * @since 0.2
 */
public final class SqlCueMiner {
  private static final Pattern TOKEN = Pattern.compile("\\p{L}+|#");

  /** A labeled pair: a question and the SQL that answers it. */
  public record Example(String question, String sql) {
    public Example {
      Objects.requireNonNull(question, "question");
      Objects.requireNonNull(sql, "sql");
    }
  }

  /**
   * What was learned.
   *
   * @param words the words learned per aggregate, sorted
   * @param cues the English aggregate cues with these words added ({@link SqlCue#aggregates})
   */
  public record Learned(Map<SqlCue.Aggregate, Set<String>> words, List<SqlCue> cues) {}

  private final int minSupport;
  private final double minPrecision;

  /**
   * @param minSupport fewest questions a word must occur in, at least 1
   * @param minPrecision smallest share of those questions whose SQL computes the aggregate, in (0, 1]
   * @throws ConfigurationException if either is out of range
   */
  public SqlCueMiner(int minSupport, double minPrecision) {
    if (minSupport < 1 || !(minPrecision > 0 && minPrecision <= 1)) {
      throw new ConfigurationException("SqlCueMiner needs minSupport >= 1 and minPrecision in (0, 1], got "
          + minSupport + " and " + minPrecision);
    }
    this.minSupport = minSupport;
    this.minPrecision = minPrecision;
  }

  /** Support 3, precision 1: a word is learned only if it never appears without its aggregate. */
  public static SqlCueMiner defaults() {
    return new SqlCueMiner(3, 1.0);
  }

  /**
   * Learns cue words from {@code examples}.
   *
   * @throws DataInputException if there are no examples
   */
  public Learned learn(Collection<Example> examples) {
    if (examples.isEmpty()) {
      throw new DataInputException("SqlCueMiner needs labeled (question, SQL) examples, got none");
    }
    Map<String, Integer> occurrences = new TreeMap<>();
    Map<SqlCue.Aggregate, Map<String, Integer>> hits = new EnumMap<>(SqlCue.Aggregate.class);
    for (SqlCue.Aggregate a : SqlCue.Aggregate.values()) {
      hits.put(a, new TreeMap<>());
    }
    for (Example e : examples) {
      Set<String> words = words(e.question());
      for (String w : words) {
        occurrences.merge(w, 1, Integer::sum);
      }
      for (SqlCue.Aggregate a : SqlCue.Aggregate.values()) {
        if (a.projectedBy(e.sql())) {
          for (String w : words) {
            hits.get(a).merge(w, 1, Integer::sum);
          }
        }
      }
    }
    Map<SqlCue.Aggregate, Set<String>> learned = new EnumMap<>(SqlCue.Aggregate.class);
    for (SqlCue.Aggregate a : SqlCue.Aggregate.values()) {
      Set<String> ws = new TreeSet<>();
      hits.get(a).forEach((w, n) -> {
        int all = occurrences.get(w);
        if (all >= minSupport && n >= minPrecision * all) {
          ws.add(w);
        }
      });
      learned.put(a, java.util.Collections.unmodifiableSet(ws));
    }
    return new Learned(java.util.Collections.unmodifiableMap(learned), SqlCue.aggregates(learned));
  }

  /** The distinct lower-case words (and {@code #} signs not before a digit) of a question. */
  static Set<String> words(String question) {
    Set<String> out = new LinkedHashSet<>();
    String lower = question.toLowerCase(Locale.ROOT);
    Matcher m = TOKEN.matcher(lower);
    while (m.find()) {
      String t = m.group();
      if (t.equals("#") && lower.substring(m.end()).matches("(?s)\\s*\\d.*")) {
        continue;
      }
      out.add(t);
    }
    return out;
  }

  /** Examples from parallel lists of questions and SQL. */
  public static List<Example> examples(List<String> questions, List<String> sql) {
    if (questions.size() != sql.size()) {
      throw new DataInputException(questions.size() + " questions but " + sql.size() + " SQL queries");
    }
    List<Example> out = new ArrayList<>(questions.size());
    for (int i = 0; i < questions.size(); i++) {
      out.add(new Example(questions.get(i), sql.get(i)));
    }
    return out;
  }
}
