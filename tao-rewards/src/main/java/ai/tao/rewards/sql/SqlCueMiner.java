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
 * has, such as its documentation. A word is a cue for an aggregate when
 *
 * <ul>
 *   <li>at least {@code minSupport} questions use it, and a share of at least {@code minPrecision}
 *       of them has SQL whose outer projection computes the aggregate;
 *   <li>those questions ask at least {@code minQueryShapes} different kinds of query (SQL that
 *       differs once its literals are blanked out): a word seen with one kind of query only may
 *       belong to that query's sentence ("the folks working in", "the team size") rather than to the
 *       aggregate;
 *   <li>it is not an English function word ("an", "does", "from", "on", ...) or a single letter
 *       (the "s" of "what's"), which no application uses to ask for an aggregate.
 * </ul>
 *
 * <p>Words that pass the first and last rule but not the second (one kind of query) are learned as
 * words that <em>permit</em> the aggregate without demanding it: the documentation uses them for it,
 * so an outer projection computing it is not taken as an answer to another question; but one kind of
 * query is too little evidence to demand it of every question that uses the word.
 *
 * <p>"tally" becomes a COUNT word if the documentation says "What is the tally of the staff in
 * ..." and "Give the tally of the projects ..." with {@code COUNT(*)} each time.
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
   * @param words the words learned per aggregate that ask for it, sorted
   * @param permitting the further words that permit it without asking for it, sorted
   * @param cues the English aggregate cues with these words added ({@link SqlCue#aggregates(Map, Map)})
   */
  public record Learned(Map<SqlCue.Aggregate, Set<String>> words, Map<SqlCue.Aggregate, Set<String>> permitting,
      List<SqlCue> cues) {}

  /** English function words: never an application's way of asking for an aggregate. */
  static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "of", "on", "in", "at", "to", "for", "from",
      "by", "with", "and", "or", "but", "is", "are", "was", "were", "be", "been", "do", "does", "did", "what",
      "which", "who", "whom", "whose", "where", "when", "how", "that", "this", "these", "those", "it", "its",
      "their", "they", "them", "there", "than", "then", "as", "into", "over", "under", "up", "out", "all",
      "any", "each", "per", "me", "my", "we", "our", "you", "your", "please", "give", "show", "list", "tell",
      "find", "get", "s");

  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
  private static final Pattern NUMBER_LITERAL = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");

  private final int minSupport;
  private final double minPrecision;
  private final int minQueryShapes;

  /**
   * @param minSupport fewest questions a word must occur in, at least 1
   * @param minPrecision smallest share of those questions whose SQL computes the aggregate, in (0, 1]
   * @param minQueryShapes fewest kinds of query (SQL with its literals blanked) among them, at least 1
   * @throws ConfigurationException if one is out of range
   */
  public SqlCueMiner(int minSupport, double minPrecision, int minQueryShapes) {
    if (minSupport < 1 || !(minPrecision > 0 && minPrecision <= 1) || minQueryShapes < 1) {
      throw new ConfigurationException("SqlCueMiner needs minSupport >= 1, minPrecision in (0, 1] and"
          + " minQueryShapes >= 1, got " + minSupport + ", " + minPrecision + " and " + minQueryShapes);
    }
    this.minSupport = minSupport;
    this.minPrecision = minPrecision;
    this.minQueryShapes = minQueryShapes;
  }

  /**
   * Support 3, precision 1, two kinds of query: a word is learned only if it never appears without
   * its aggregate, and does so with more than one kind of query.
   */
  public static SqlCueMiner defaults() {
    return new SqlCueMiner(3, 1.0, 2);
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
    Map<SqlCue.Aggregate, Map<String, Set<String>>> shapes = new EnumMap<>(SqlCue.Aggregate.class);
    for (SqlCue.Aggregate a : SqlCue.Aggregate.values()) {
      hits.put(a, new TreeMap<>());
      shapes.put(a, new TreeMap<>());
    }
    for (Example e : examples) {
      Set<String> words = words(e.question());
      words.removeIf(w -> FUNCTION_WORDS.contains(w) || (w.length() == 1 && !w.equals("#")));
      for (String w : words) {
        occurrences.merge(w, 1, Integer::sum);
      }
      String shape = shape(e.sql());
      for (SqlCue.Aggregate a : SqlCue.Aggregate.values()) {
        if (a.projectedBy(e.sql())) {
          for (String w : words) {
            hits.get(a).merge(w, 1, Integer::sum);
            shapes.get(a).computeIfAbsent(w, k -> new TreeSet<>()).add(shape);
          }
        }
      }
    }
    Map<SqlCue.Aggregate, Set<String>> learned = new EnumMap<>(SqlCue.Aggregate.class);
    Map<SqlCue.Aggregate, Set<String>> permitting = new EnumMap<>(SqlCue.Aggregate.class);
    for (SqlCue.Aggregate a : SqlCue.Aggregate.values()) {
      Set<String> asks = new TreeSet<>();
      Set<String> permits = new TreeSet<>();
      hits.get(a).forEach((w, n) -> {
        int all = occurrences.get(w);
        if (all >= minSupport && n >= minPrecision * all) {
          (shapes.get(a).get(w).size() >= minQueryShapes ? asks : permits).add(w);
        }
      });
      learned.put(a, java.util.Collections.unmodifiableSet(asks));
      permitting.put(a, java.util.Collections.unmodifiableSet(permits));
    }
    return new Learned(java.util.Collections.unmodifiableMap(learned), java.util.Collections.unmodifiableMap(permitting),
        SqlCue.aggregates(learned, permitting));
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

  /** The kind of query: the SQL lower-cased, literals blanked, whitespace collapsed. */
  static String shape(String sql) {
    String s = STRING_LITERAL.matcher(sql).replaceAll("?");
    s = NUMBER_LITERAL.matcher(s).replaceAll("?");
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
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
