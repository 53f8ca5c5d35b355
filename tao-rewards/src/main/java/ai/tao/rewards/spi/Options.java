package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.sql.SqlCue;
import ai.tao.rewards.sql.SqlDatabase;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlGroundingScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Option parsing the factories share: lists, kebab-case enums, and the SQL scorers' settings. */
final class Options {

  /** Options every SQL scorer takes: where its database comes from and how queries are limited. */
  static final Set<String> SQL_DATABASE = Set.of("script", "scriptFile");
  static final Set<String> SQL_EXECUTION = Set.of("timeoutMs", "maxRows");
  static final Set<String> SQL_GROUNDING = Set.of(
      "knownValues", "collectKnownValues", "allOrNothing", "questionPattern", "exemptNumbers", "cues", "columnCues");

  private Options() {}

  /** Union of key sets, for {@link ScorerOptions#requireOnly}. */
  @SafeVarargs
  static Set<String> keys(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return all;
  }

  /** A comma-separated list, items stripped, empty items dropped; empty when unset. */
  static List<String> list(ScorerOptions options, String key) {
    List<String> items = new ArrayList<>();
    options.get(key).ifPresent(raw -> Arrays.stream(raw.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .forEach(items::add));
    return items;
  }

  /** An enum constant written in kebab-case ({@code first-block} for {@code FIRST_BLOCK}). */
  static <E extends Enum<E>> E enumValue(
      String scorer, ScorerOptions options, String key, Class<E> type, E dflt) {
    if (!options.has(key)) {
      return dflt;
    }
    String raw = options.get(key).orElseThrow().strip();
    for (E e : type.getEnumConstants()) {
      if (kebab(e).equals(raw.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Options::kebab).toList();
    throw new ConfigurationException(
        "scorer '" + scorer + "' option '" + key + "' = '" + raw + "' is not one of " + allowed);
  }

  static String kebab(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Pattern pattern(String scorer, String key, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigurationException(
          "scorer '" + scorer + "' option '" + key + "' is not a valid regex: " + e.getMessage(), e);
    }
  }

  /**
   * The schema and data script of an in-memory H2 database, from option {@code script} (SQL text)
   * or {@code scriptFile}; the scorer built on it owns the database and drops it when closed.
   */
  static String script(String scorer, ScorerOptions options) {
    boolean inline = options.has("script");
    boolean file = options.has("scriptFile");
    if (inline == file) {
      throw new ConfigurationException("scorer '" + scorer + "' needs exactly one of option"
          + " 'script' (schema and data SQL) or 'scriptFile' (a path to it)"
          + (inline ? ", not both" : ""));
    }
    String script;
    if (inline) {
      script = options.get("script").orElseThrow();
    } else {
      Path path = Path.of(options.get("scriptFile").orElseThrow());
      try {
        script = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigurationException("scorer '" + scorer + "' cannot read scriptFile "
            + path.toAbsolutePath() + ": " + e, e);
      }
    }
    return script;
  }

  /**
   * The executor of the SQL scorers, on a new database it owns; options {@link #SQL_EXECUTION}.
   *
   * @throws ConfigurationException if the script fails or H2, which runs it, is not on the classpath
   */
  static SqlExecutionScorer.Builder execution(ScorerOptions options, String script) {
    SqlExecutionScorer.Builder b = SqlExecutionScorer.builder().h2Script(script);
    if (options.has("timeoutMs")) {
      b.timeout(Duration.ofMillis(options.intValue("timeoutMs", 0)));
    }
    return b.maxRows(options.intValue("maxRows", 1000));
  }

  /** The grounding check, on {@code database} (kept by the caller) or, when null, a new one from {@code script}. */
  static SqlGroundingScorer grounding(String scorer, ScorerOptions options, SqlDatabase database, String script) {
    SqlGroundingScorer.Builder b = SqlGroundingScorer.builder();
    if (database != null) {
      b.database(database);
    } else {
      b.h2Script(script);
    }
    b
        .knownValues(list(options, "knownValues"))
        .collectKnownValues(options.intValue("collectKnownValues", 0))
        .allOrNothing(options.bool("allOrNothing", false))
        .columnCues(options.bool("columnCues", false));
    options.get("questionPattern")
        .ifPresent(p -> b.questionPattern(pattern(scorer, "questionPattern", p)));
    if (options.has("exemptNumbers")) {
      b.exemptNumbers(list(options, "exemptNumbers"));
    }
    options.get("cues").ifPresent(c -> {
      if (!c.equals("english-aggregates")) {
        throw new ConfigurationException(scorer + " option cues: only 'english-aggregates' is built in, got '" + c
            + "'; build the scorer in code for other cues (SqlCueMiner learns them from labeled documentation)");
      }
      b.cues(SqlCue.englishAggregates());
    });
    return b.build();
  }
}
