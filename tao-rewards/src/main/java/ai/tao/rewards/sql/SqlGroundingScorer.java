package ai.tao.rewards.sql;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.internal.Numbers;
import ai.tao.rewards.internal.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label-free grounding of a query in its question and schema: the {@code sql-grounding} scorer.
 *
 * <p>Three static checks, none of which runs the query:
 *
 * <ol>
 *   <li>{@code literalsInQuestion}: every literal the SQL compares against occurs in the question.
 *       Numbers match numerically ({@code 7000} matches "7,000", "7000" and "7000.00"; by
 *       magnitude, signs ignored); strings match case-insensitively as substrings, with {@code %}
 *       wildcards dropped. The numbers in {@link Builder#exemptNumbers} (default 0 and 1: {@code
 *       LIMIT 1}, {@code > 0}, {@code THEN 1}) never need grounding.
 *   <li>{@code questionValuesUsed}: every value the question names occurs in the SQL. Numbers in
 *       the question (digits or the words two to twelve) must be numeric literals, or digits inside
 *       a string literal ({@code '2020-01-01'} uses 2020); quoted phrases and {@linkplain
 *       Builder#knownValues known values} found in the question must be inside a string literal.
 *   <li>{@code schemaOnly}: every identifier is a keyword, a function, an alias the query defines,
 *       or a schema, table or column name read from the database's metadata.
 *   <li>{@code cuesHonoured}, only when {@link Builder#cues} are set: every cue word of the
 *       question is answered by its SQL construct ("average" by {@code AVG(...)}), and two-way cues'
 *       constructs appear only when asked for; see {@link SqlCue#englishAggregates()}. A query that
 *       filters right but answers another question ({@code SELECT name ...} for "average pay of
 *       ...") is then not grounded. With {@link Builder#columnCues}, a column the question names
 *       as a word ("city", "salaries") must also appear in the SQL. Cues read the question: when
 *       the prompt carries more than the question (a schema, instructions), set {@link
 *       Builder#questionPattern}.
 * </ol>
 *
 * <p>The value is the fraction of checks passed, or with {@link Builder#allOrNothing} 1 when all
 * pass and 0 otherwise. Each check is a 1/0 component; the reason lists what failed ("literal 700
 * not in question"). A completion without SQL, or one {@link SqlGuard} rejects, scores 0.
 *
 * <p>The question is the prompt's text (for chat prompts the user messages); {@link
 * Builder#questionPattern} can cut it out of a longer prompt template, so numbers in the
 * instructions are not taken as values the question names.
 *
 * @since 0.1
 */
public final class SqlGroundingScorer implements Scorer {

  /** The outcome of the checks (three, or four with cues) for one candidate. */
  record Report(boolean literalsInQuestion, boolean valuesUsed, boolean schemaOnly, boolean cuesHonoured,
      boolean cuesChecked, List<String> failures) {

    static Report failed(String reason, boolean cuesChecked) {
      return new Report(false, false, false, false, cuesChecked, List.of(reason));
    }

    boolean grounded() {
      return literalsInQuestion && valuesUsed && schemaOnly && cuesHonoured;
    }

    int checks() {
      return cuesChecked ? 4 : 3;
    }

    int passed() {
      return (literalsInQuestion ? 1 : 0) + (valuesUsed ? 1 : 0) + (schemaOnly ? 1 : 0)
          + (cuesChecked && cuesHonoured ? 1 : 0);
    }

    Map<String, Double> components() {
      Map<String, Double> c = new LinkedHashMap<>();
      c.put("literalsInQuestion", literalsInQuestion ? 1.0 : 0.0);
      c.put("questionValuesUsed", valuesUsed ? 1.0 : 0.0);
      c.put("schemaOnly", schemaOnly ? 1.0 : 0.0);
      if (cuesChecked) {
        c.put("cuesHonoured", cuesHonoured ? 1.0 : 0.0);
      }
      return c;
    }
  }

  private static final Pattern DIGITS = Pattern.compile("\\d+(?:\\.\\d+)?");

  private final SqlSchema schema;
  private final Set<String> knownValues;
  private final List<Pattern> knownValuePatterns;
  private final boolean allOrNothing;
  private final Optional<Pattern> questionPattern;
  private final Set<String> exemptNumbers;
  private final SqlDatabase database;
  private final boolean ownsDatabase;
  private final int collectKnownValues;
  private final Set<String> givenKnownValues;
  private final List<SqlCue> cues;
  private final boolean columnCues;
  private final List<Map.Entry<String, Pattern>> columnWords;
  /** Whether the fourth check runs: cues or column cues are set. */
  private final boolean cuesChecked;

  private SqlGroundingScorer(Builder b, SqlDatabase database, boolean ownsDatabase, SqlSchema schema,
      Set<String> knownValues) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.collectKnownValues = b.collectKnownValues;
    this.givenKnownValues = Set.copyOf(b.knownValues);
    this.schema = schema;
    this.knownValues = Set.copyOf(knownValues);
    this.knownValuePatterns = QuestionValues.knownValuePatterns(knownValues);
    this.allOrNothing = b.allOrNothing;
    this.questionPattern = Optional.ofNullable(b.questionPattern);
    this.exemptNumbers = Set.copyOf(b.exemptNumbers);
    this.cues = List.copyOf(b.cues);
    this.columnCues = b.columnCues;
    List<Map.Entry<String, Pattern>> words = new ArrayList<>();
    if (columnCues) {
      for (String c : schema.columnNames()) {
        String plural = c.endsWith("y") ? "|" + Pattern.quote(c.substring(0, c.length() - 1) + "ies") : "";
        words.add(Map.entry(c, Pattern.compile("\\b(?:" + Pattern.quote(c) + "(?:e?s)?" + plural + ")\\b",
            Pattern.CASE_INSENSITIVE)));
      }
    }
    this.columnWords = List.copyOf(words);
    this.cuesChecked = !cues.isEmpty() || columnCues;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Drops the database if this scorer created it ({@link Builder#h2Script}). */
  @Override
  public void close() {
    if (ownsDatabase) {
      database.close();
    }
  }

  /**
   * A builder with these settings, on the same database (which the new scorer does not own);
   * building it reads the schema (and known values) again.
   */
  public Builder toBuilder() {
    Builder b = new Builder()
        .database(database)
        .knownValues(givenKnownValues)
        .collectKnownValues(collectKnownValues)
        .allOrNothing(allOrNothing)
        .exemptNumbers(exemptNumbers)
        .cues(cues)
        .columnCues(columnCues);
    questionPattern.ifPresent(b::questionPattern);
    return b;
  }

  /** The known values in use: those given plus those collected from the database. */
  public Set<String> knownValues() {
    return knownValues;
  }

  @Override
  public String name() {
    return "sql-grounding";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    Optional<String> question = question(group.prompt());
    List<Score> scores = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      if (question.isEmpty()) {
        scores.add(Score.notApplicable("questionPattern " + questionPattern.orElseThrow()
            + " does not match prompt '" + group.prompt().id() + "'"));
        continue;
      }
      Report r = check(question.get(), group.candidate(i).text());
      double value = allOrNothing ? (r.grounded() ? 1.0 : 0.0) : r.passed() / (double) r.checks();
      scores.add(new Score(value, r.components(), true, String.join("; ", r.failures())));
    }
    return scores;
  }

  /** The question of a prompt, cut out by the question pattern if there is one. */
  Optional<String> question(Prompt prompt) {
    String text = Texts.question(prompt);
    if (questionPattern.isEmpty()) {
      return Optional.of(text);
    }
    Matcher m = questionPattern.get().matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
  }

  /** The values {@code question} names. */
  QuestionValues questionValues(String question) {
    return QuestionValues.of(question, knownValuePatterns);
  }

  /** Runs the checks on the SQL of {@code completionText}. */
  Report check(String question, String completionText) {
    Optional<String> sql = SqlExtractor.extract(completionText);
    if (sql.isEmpty()) {
      return Report.failed("no SQL found in the completion", cuesChecked);
    }
    Optional<String> rejection = SqlGuard.rejection(sql.get());
    if (rejection.isPresent()) {
      return Report.failed(rejection.get(), cuesChecked);
    }
    List<SqlToken> tokens;
    try {
      tokens = SqlLexer.tokenize(sql.get());
    } catch (SqlLexer.LexException e) {
      return Report.failed(e.getMessage(), cuesChecked); // unreachable: the guard lexes first
    }
    QuestionValues values = questionValues(question);
    List<String> failures = new ArrayList<>();
    boolean literals = literalsInQuestion(tokens, question, values, failures);
    boolean used = questionValuesUsed(tokens, values, failures);
    List<String> unknown = SqlIdentifiers.unknown(tokens, schema);
    unknown.forEach(u -> failures.add("unknown identifier " + u));
    boolean cuesHonoured = true;
    for (SqlCue cue : cues) {
      Optional<String> violation = cue.violation(question, sql.get());
      if (violation.isPresent()) {
        cuesHonoured = false;
        failures.add(violation.get());
      }
    }
    for (Map.Entry<String, Pattern> w : columnWords) {
      if (w.getValue().matcher(question).find() && !w.getValue().matcher(sql.get()).find()) {
        cuesHonoured = false;
        failures.add("question names column " + w.getKey() + ", the SQL does not use it");
      }
    }
    return new Report(literals, used, unknown.isEmpty(), cuesHonoured, cuesChecked, failures);
  }

  private boolean literalsInQuestion(List<SqlToken> tokens, String question,
      QuestionValues values, List<String> failures) {
    String lowerQuestion = question.toLowerCase(Locale.ROOT);
    boolean ok = true;
    for (SqlToken t : tokens) {
      if (t.kind() == SqlToken.Kind.NUMBER) {
        String n = Numbers.canonical(t.text()).orElse(t.text());
        if (!exemptNumbers.contains(n) && !values.hasNumber(n)) {
          failures.add("literal " + t.text() + " not in question");
          ok = false;
        }
      } else if (t.kind() == SqlToken.Kind.STRING) {
        String s = unwildcard(t.text());
        boolean found = s.isEmpty()
            || lowerQuestion.contains(s)
            || Numbers.canonical(s).map(values::hasNumber).orElse(false);
        if (!found) {
          failures.add("literal '" + t.text() + "' not in question");
          ok = false;
        }
      }
    }
    return ok;
  }

  private static boolean questionValuesUsed(List<SqlToken> tokens, QuestionValues values,
      List<String> failures) {
    Set<String> sqlNumbers = new LinkedHashSet<>();
    List<String> sqlStrings = new ArrayList<>();
    for (SqlToken t : tokens) {
      if (t.kind() == SqlToken.Kind.NUMBER) {
        Numbers.canonical(t.text()).ifPresent(sqlNumbers::add);
      } else if (t.kind() == SqlToken.Kind.STRING) {
        sqlStrings.add(unwildcard(t.text()));
        // Digits inside a string count: '2020-06-15' uses the question's 2020, 6 and 15.
        Matcher digits = DIGITS.matcher(t.text().replace(",", ""));
        while (digits.find()) {
          Numbers.canonical(digits.group()).ifPresent(sqlNumbers::add);
        }
      }
    }
    boolean ok = true;
    for (String n : values.numbers()) {
      if (!sqlNumbers.contains(n)) {
        failures.add("question value " + n + " not used");
        ok = false;
      }
    }
    for (String phrase : values.phrases()) {
      String lower = phrase.toLowerCase(Locale.ROOT);
      if (sqlStrings.stream().noneMatch(s -> s.contains(lower))) {
        failures.add("question value '" + phrase + "' not used");
        ok = false;
      }
    }
    return ok;
  }

  /** A string literal as text to look for: LIKE wildcards {@code %} dropped, lower case. */
  private static String unwildcard(String literal) {
    return literal.replace("%", "").strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "SqlGroundingScorer[knownValues=" + knownValues.size() + ", collectKnownValues="
        + collectKnownValues + ", allOrNothing=" + allOrNothing + ", questionPattern="
        + questionPattern.map(Pattern::pattern).orElse("(whole prompt)") + ", exemptNumbers="
        + new TreeSet<>(exemptNumbers) + ", database=" + database + "]";
  }

  /**
   * Builder for {@link SqlGroundingScorer}; {@link #database} has no default. {@link #build()}
   * reads the schema (and collects known values) once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private SqlDatabase database;
    private String h2Script;

    /** Values the question may name that the SQL must then use. Default none. */
    private final Set<String> knownValues = new LinkedHashSet<>();

    /**
     * Collect the distinct values of every text column with at most this many, as known values.
     * Default 0 (off): only the given known values, numbers and quoted phrases are required.
     */
    private int collectKnownValues = 0;

    /** Score 1/0 (all checks pass) instead of the fraction of checks passed. Default false. */
    private boolean allOrNothing = false;

    /**
     * Cuts the question out of the prompt (group 1 if the pattern has one, else the match).
     * Default none: the whole prompt text is the question.
     */
    private Pattern questionPattern;

    /** Numeric literals that never need to be in the question. Default 0 and 1. */
    private Set<String> exemptNumbers = Set.of("0", "1");

    /** Question words that demand SQL constructs ({@link SqlCue}). Default none (check off). */
    private List<SqlCue> cues = List.of();

    /** Whether a column named as a word in the question must appear in the SQL. Default false. */
    private boolean columnCues = false;

    private Builder() {}

    /** The database whose metadata (and values) ground the queries; the caller keeps ownership. Required. */
    public Builder database(SqlDatabase database) {
      this.database = Objects.requireNonNull(database, "database");
      this.h2Script = null;
      return this;
    }

    /**
     * A new in-memory H2 database built from a schema and data script when the scorer is built, owned
     * by the scorer (dropped on {@link SqlGroundingScorer#close()}).
     */
    public Builder h2Script(String script) {
      this.h2Script = Objects.requireNonNull(script, "script");
      this.database = null;
      return this;
    }

    public Builder knownValues(Collection<String> values) {
      Objects.requireNonNull(values, "values");
      values.forEach(v -> knownValues.add(Objects.requireNonNull(v, "known value")));
      return this;
    }

    public Builder collectKnownValues(int maxDistinctPerColumn) {
      this.collectKnownValues = maxDistinctPerColumn;
      return this;
    }

    public Builder allOrNothing(boolean allOrNothing) {
      this.allOrNothing = allOrNothing;
      return this;
    }

    public Builder questionPattern(Pattern questionPattern) {
      this.questionPattern = Objects.requireNonNull(questionPattern, "questionPattern");
      return this;
    }

    public Builder columnCues(boolean on) {
      this.columnCues = on;
      return this;
    }

    /** Replaces the cues; {@link SqlCue#englishAggregates()} is a ready set. */
    public Builder cues(List<SqlCue> cues) {
      Objects.requireNonNull(cues, "cues");
      cues.forEach(c -> Objects.requireNonNull(c, "cue"));
      this.cues = List.copyOf(cues);
      return this;
    }

    /** Replaces the exempt numbers; each must be a number (written in any form). */
    public Builder exemptNumbers(Collection<String> numbers) {
      Objects.requireNonNull(numbers, "numbers");
      Set<String> canonical = new LinkedHashSet<>();
      for (String n : numbers) {
        canonical.add(Numbers.canonical(n).orElseThrow(() -> new ConfigurationException(
            "sql-grounding exempt number '" + n + "' is not a number")));
      }
      this.exemptNumbers = canonical;
      return this;
    }

    /**
     * @throws ConfigurationException if the database is unset or unreadable, or
     *     {@code collectKnownValues < 0}
     */
    public SqlGroundingScorer build() {
      if (database == null && h2Script == null) {
        throw new ConfigurationException(
            "sql-grounding needs a database to read table and column names from: database(...) or h2Script(...)");
      }
      if (collectKnownValues < 0) {
        throw new ConfigurationException(
            "sql-grounding collectKnownValues must be >= 0 (0 = off), got " + collectKnownValues);
      }
      boolean owns = database == null;
      SqlDatabase db = owns ? H2Database.fromScript(h2Script) : database;
      try {
        SqlSchema schema = SqlSchema.read(db);
        Set<String> values = new LinkedHashSet<>(knownValues);
        if (collectKnownValues > 0) {
          values.addAll(schema.distinctTextValues(db, collectKnownValues));
        }
        return new SqlGroundingScorer(this, db, owns, schema, values);
      } catch (RuntimeException e) {
        if (owns) {
          db.close(); // the scorer was not made: nobody else would drop its database
        }
        throw e;
      }
    }
  }
}
