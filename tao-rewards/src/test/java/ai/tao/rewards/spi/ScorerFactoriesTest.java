package ai.tao.rewards.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.TestGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every scorer is found by name through {@link java.util.ServiceLoader} and built from options. */
class ScorerFactoriesTest {

  private static final ScorerRegistry REGISTRY = ScorerRegistry.load();
  private static final String SCRIPT = TestGroups.EMPLOYEES_SQL;

  /** Minimal valid options per scorer name. */
  private static final Map<String, ScorerOptions> MINIMAL = Map.ofEntries(
      Map.entry("gated", ScorerOptions.of("gate", "json-valid", "then", "majority-agreement")),
      Map.entry("router", ScorerOptions.of("routes", "a:json-valid", "fallback", "majority-agreement")),
      Map.entry("random", ScorerOptions.of("seed", "5")),
      // maxCalls 0: a judge that makes no call, so this test needs no server (every candidate not applicable)
      Map.entry("llm-judge", ScorerOptions.of("baseUrl", "http://127.0.0.1:9", "model", "m", "maxCalls", "0")),
      Map.entry("regex", ScorerOptions.of("pattern", "\\d+")),
      Map.entry("json-valid", ScorerOptions.empty()),
      Map.entry("length", ScorerOptions.of("max", "200")),
      Map.entry("majority-agreement", ScorerOptions.empty()),
      Map.entry("number-grounding", ScorerOptions.empty()),
      Map.entry("sql-execution", ScorerOptions.of("script", SCRIPT)),
      Map.entry("sql-result-agreement", ScorerOptions.of("script", SCRIPT)),
      Map.entry("sql-grounding", ScorerOptions.of("script", SCRIPT)),
      Map.entry("sql-consensus", ScorerOptions.of("script", SCRIPT)),
      Map.entry("weighted", ScorerOptions.of("parts", "regex:1", "regex.pattern", "x")));

  private static double[] values(Scorer scorer, String question, String... texts) {
    return TestGroups.values(scorer.score(TestGroups.group("p", question, texts)));
  }

  @Test
  void registryFindsEveryScorerByName() {
    assertThat(REGISTRY.names()).containsAll(MINIMAL.keySet());
    for (String name : MINIMAL.keySet()) {
      assertThat(REGISTRY.factory(name)).as(name).isPresent();
      assertThat(REGISTRY.factory(name).orElseThrow().description()).as(name).isNotBlank();
    }
  }

  @Test
  void everyScorerIsCreatedFromMinimalOptionsAndScores() {
    CandidateGroup group = TestGroups.group("p", "Who earns more than 7000?",
        "SELECT name FROM employees WHERE salary > 7000", "42");
    MINIMAL.forEach((name, options) -> {
      Scorer scorer = REGISTRY.create(name, options);
      assertThat(scorer.name()).isEqualTo(name);
      assertThat(scorer.score(group)).as(name).hasSize(2);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"regex", "json-valid", "length", "majority-agreement", "sql-execution",
      "sql-result-agreement", "sql-grounding", "sql-consensus", "weighted", "gated", "router", "random", "llm-judge",
      "number-grounding"})
  void misspeltOptionsFail(String name) {
    Map<String, String> options = new LinkedHashMap<>(MINIMAL.get(name).values());
    options.put("minVote", "3");
    assertThatThrownBy(() -> REGISTRY.create(name, new ScorerOptions(options)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("minVote")
        .hasMessageContaining(name);
  }

  @Test
  void regexOptionsDefineNamedRules() {
    Scorer scorer = REGISTRY.create("regex", ScorerOptions.of(
        "rule.tag", "<a>.*</a>", "rule.short", "(?s).{0,10}", "match.short", "full",
        "weight.tag", "3"));
    assertThat(values(scorer, "q", "<a>1</a>", "<a>1</a> and more", "x"))
        .containsExactly(new double[] {1, 0.75, 0.25}, within(1e-12));
    assertThatThrownBy(() -> REGISTRY.create("regex", ScorerOptions.of("pattern", "a",
        "weight.nope", "2"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("weight.nope");
    assertThatThrownBy(() -> REGISTRY.create("regex", ScorerOptions.of("pattern", "a",
        "match", "partial"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[find, full]");
  }

  @Test
  void textScorerOptions() {
    Scorer json = REGISTRY.create("json-valid",
        ScorerOptions.of("extraction", "first-block", "requiredKeys", "a, b"));
    assertThat(values(json, "q", "x {\"a\":1,\"b\":2} y", "{\"a\":1}")).containsExactly(1, 0);

    Scorer length = REGISTRY.create("length",
        ScorerOptions.of("unit", "chars", "min", "2", "max", "3", "falloff", "2"));
    assertThat(values(length, "q", "ab", "abcd", "a")).containsExactly(1, 0.5, 0.5);
    assertThatThrownBy(() -> REGISTRY.create("length", ScorerOptions.empty()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("max");

    Scorer majority = REGISTRY.create("majority-agreement", ScorerOptions.of(
        "extractor", "regex", "pattern", "=(\\d+)", "minVotes", "2", "voteShare", "true"));
    assertThat(values(majority, "q", "=1", "x=1", "=2", "none"))
        .containsExactly(0.5, 0.5, 0, 0);
    assertThatThrownBy(() -> REGISTRY.create("majority-agreement",
        ScorerOptions.of("pattern", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("extractor=regex");
    assertThatThrownBy(() -> REGISTRY.create("majority-agreement",
        ScorerOptions.of("extractor", "regex")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'pattern'");
    Scorer numbers = REGISTRY.create("majority-agreement",
        ScorerOptions.of("extractor", "last-number"));
    assertThat(values(numbers, "q", "7,000", "7000.0", "7")).containsExactly(1, 1, 0);

    Scorer independent = REGISTRY.create("majority-agreement", ScorerOptions.of(
        "extractor", "last-number", "questionIndependent", "true", "memory", "8", "sharedAfter", "1"));
    assertThat(independent.score(TestGroups.group("a", "2+2?", "4", "4", "5")))
        .extracting(Score::value).containsExactly(1.0, 1.0, 0.0);
    List<Score> again = independent.score(TestGroups.group("b", "3+1?", "4", "4", "5"));
    assertThat(again).extracting(Score::value).containsExactly(0.0, 0.0, 0.0);
    assertThat(again.get(0).reason()).startsWith("question-independent: answer '4'");
    assertThatThrownBy(() -> REGISTRY.create("majority-agreement", ScorerOptions.of("sharedAfter", "2")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("questionIndependent=true");
    assertThatThrownBy(() -> REGISTRY.create("majority-agreement",
        ScorerOptions.of("questionIndependent", "true", "memory", "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("memory");
    Scorer grounding = REGISTRY.create("number-grounding",
        ScorerOptions.of("pattern", "A: (\\S+)", "requireNumber", "false"));
    assertThat(values(grounding, "sales 40, costs 10", "x 7\nA: 30", "A: 31")).containsExactly(1, 0);
    assertThat(grounding.score(TestGroups.group("p", "sales 40", "A: none")).get(0).applicable()).isFalse();
    assertThatThrownBy(() -> REGISTRY.create("number-grounding", ScorerOptions.of("group", "1")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'pattern'");
  }

  @Test
  void sqlScorerOptions(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("db.sql"), SCRIPT);
    String good = "SELECT name FROM employees WHERE salary > 7000";
    String empty = "SELECT name FROM employees WHERE salary > 100000";

    Scorer exec = REGISTRY.create("sql-execution", ScorerOptions.of("scriptFile",
        script.toString(), "timeoutMs", "500", "maxRows", "10", "emptyResultScore", "0.5"));
    assertThat(values(exec, "q", good, empty, "DROP TABLE employees")).containsExactly(1, 0.5, 0);

    Scorer agreement = REGISTRY.create("sql-result-agreement",
        ScorerOptions.of("script", SCRIPT, "minVotes", "3"));
    assertThat(values(agreement, "q", good, good, good)).containsExactly(1, 1, 1);
    assertThat(values(agreement, "q", good, good)).containsExactly(0, 0);

    Scorer grounding = REGISTRY.create("sql-grounding", ScorerOptions.of("script", SCRIPT,
        "collectKnownValues", "5", "allOrNothing", "true", "questionPattern", "Q:(.*)",
        "exemptNumbers", "0"));
    assertThat(values(grounding, "Schema has 2 tables. Q: Who in Sales earns more than 7000?",
        good, "SELECT e.name FROM employees e JOIN departments d ON d.id = e.dept_id"
            + " WHERE d.name = 'Sales' AND e.salary > 7000"))
        .containsExactly(0, 1);

    Scorer cued = REGISTRY.create("sql-grounding", ScorerOptions.of("script", SCRIPT, "collectKnownValues", "5",
        "allOrNothing", "true", "cues", "english-aggregates", "columnCues", "true"));
    assertThat(values(cued, "Average salary in Sales?",
        "SELECT AVG(e.salary) FROM employees e JOIN departments d ON d.id = e.dept_id WHERE d.name = 'Sales'",
        "SELECT e.name FROM employees e JOIN departments d ON d.id = e.dept_id WHERE d.name = 'Sales'"))
        .containsExactly(1, 0);
    assertThatThrownBy(() -> REGISTRY.create("sql-grounding", ScorerOptions.of("script", SCRIPT, "cues", "french")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("english-aggregates");

    Scorer consensus = REGISTRY.create("sql-consensus", ScorerOptions.of("script", SCRIPT,
        "minVotes", "2", "partialCredit", "0.1", "memory", "16", "insensitiveAfter", "2",
        "insensitivePenalty", "0.5", "knownValues", "Sales"));
    assertThat(values(consensus, "Who earns more than 7000?", good, good,
        "SELECT name, salary FROM employees WHERE salary > 7000")).containsExactly(1, 1, 0.1);

    assertThatThrownBy(() -> REGISTRY.create("sql-execution", ScorerOptions.empty()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'script'")
        .hasMessageContaining("'scriptFile'");
    assertThatThrownBy(() -> REGISTRY.create("sql-execution",
        ScorerOptions.of("scriptFile", dir.resolve("missing.sql").toString())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing.sql");
    assertThatThrownBy(() -> REGISTRY.create("sql-grounding",
        ScorerOptions.of("script", SCRIPT, "questionPattern", "(")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("questionPattern");
  }

  @Test
  void weightedPartsTakePrefixedSubOptions() {
    Scorer weighted = REGISTRY.create("weighted", ScorerOptions.of(
        "parts", "regex:0.25, length:0.75",
        "regex.pattern", "\\d",
        "length.max", "4", "length.falloff", "4"));
    assertThat(values(weighted, "q", "42", "abcdef"))
        .containsExactly(new double[] {1.0, 0.375}, within(1e-12));

    Scorer labelled = REGISTRY.create("weighted", ScorerOptions.of(
        "parts", "digit@regex, letter@regex:3",
        "digit.pattern", "\\d", "letter.pattern", "[a-z]"));
    assertThat(values(labelled, "q", "a", "1", "a1"))
        .containsExactly(new double[] {0.75, 0.25, 1.0}, within(1e-12));
    List<Score> scores = labelled.score(TestGroups.group("p", "q", "a"));
    assertThat(scores.get(0).components()).containsKeys("digit", "letter", "digit.pattern");
  }

  @Test
  void weightedOptionErrorsNameThePart() {
    assertThatThrownBy(() -> REGISTRY.create("weighted", ScorerOptions.empty()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("parts");
    assertThatThrownBy(() -> REGISTRY.create("weighted",
        ScorerOptions.of("parts", "regex:heavy", "regex.pattern", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("heavy");
    assertThatThrownBy(() -> REGISTRY.create("weighted",
        ScorerOptions.of("parts", "regex:1,regex:2", "regex.pattern", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> REGISTRY.create("weighted",
        ScorerOptions.of("parts", "regex:1", "regex.pattern", "x", "lenght.max", "3")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("lenght.max");
    assertThatThrownBy(() -> REGISTRY.create("weighted",
        ScorerOptions.of("parts", "length:1", "length.maxx", "3")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("part 'length'")
        .hasMessageContaining("maxx");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sql-execution", "sql-result-agreement", "sql-consensus"})
  void anSqlScorerMadeByNameOwnsItsDatabaseAndDropsItOnClose(String name) {
    Scorer scorer = REGISTRY.create(name, MINIMAL.get(name));
    CandidateGroup group = TestGroups.group("p", "Who earns more than 7000?",
        "SELECT name FROM employees WHERE salary > 7000", "SELECT name FROM employees WHERE salary > 7000");
    assertThat(scorer.score(group).get(0).value()).isEqualTo(1.0);
    scorer.close();
    Score after = scorer.score(group).get(0);
    assertThat(after.value()).isZero();
    assertThat(after.reason()).containsIgnoringCase("not found");
  }

  @Test
  void aWeightedScorerMadeByNameClosesItsParts() {
    Scorer weighted = REGISTRY.create("weighted", ScorerOptions.of("parts", "sql-execution:1",
        "sql-execution.script", SCRIPT));
    CandidateGroup group = TestGroups.group("p", "q", "SELECT name FROM employees");
    assertThat(weighted.score(group).get(0).value()).isEqualTo(1.0);
    weighted.close();
    assertThat(weighted.score(group).get(0).value()).isZero();
  }

  @Test
  void gatedAndRouterPartsTakePrefixedSubOptionsAndErrorsNameThePart() {
    Scorer gated = REGISTRY.create("gated", ScorerOptions.of("gate", "regex", "gate.pattern", "^\\d+$",
        "then", "majority-agreement"));
    assertThat(values(gated, "q", "x", "4", "x", "4", "5")).containsExactly(0.0, 1.0, 0.0, 1.0, 0.0);
    assertThatThrownBy(() -> REGISTRY.create("gated", ScorerOptions.of("gate", "regex")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'then'");
    assertThatThrownBy(() -> REGISTRY.create("gated", ScorerOptions.of("gate", "regex", "then", "json-valid")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("part 'gate'");

    Scorer router = REGISTRY.create("router", ScorerOptions.of("routes", "digits:regex, sizes:length",
        "digits.pattern", "\\d", "sizes.max", "2"));
    Prompt digits = Prompt.ofText("d", "q").withMetadata("task", "digits");
    Prompt sizes = Prompt.ofText("s", "q").withMetadata("task", "sizes");
    assertThat(TestGroups.values(router.score(new CandidateGroup(digits, List.of(TestGroups.completion("abc"))))))
        .containsExactly(0.0);
    assertThat(TestGroups.values(router.score(new CandidateGroup(sizes, List.of(TestGroups.completion("ab"))))))
        .containsExactly(1.0);
    assertThatThrownBy(() -> REGISTRY.create("router", ScorerOptions.of("routes", "digits")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("task:scorer");
    assertThatThrownBy(() -> REGISTRY.create("router", ScorerOptions.of("routes", "a:regex")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("part 'a'");
    assertThatThrownBy(() -> REGISTRY.create("random", ScorerOptions.of("seed", "x1")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'seed'");
  }

  @Test
  void aGatedOrRoutedScorerMadeByNameClosesItsParts() {
    Scorer gated = REGISTRY.create("gated", ScorerOptions.of("gate", "regex", "gate.pattern", "SELECT",
        "then", "sql-execution", "then.script", SCRIPT));
    Scorer router = REGISTRY.create("router", ScorerOptions.of("routes", "sql:sql-execution",
        "sql.script", SCRIPT));
    CandidateGroup group = new CandidateGroup(Prompt.ofText("p", "q").withMetadata("task", "sql"),
        List.of(TestGroups.completion("SELECT name FROM employees")));
    for (Scorer s : List.of(gated, router)) {
      assertThat(s.score(group).get(0).value()).as(s.name()).isEqualTo(1.0);
      s.close();
      assertThat(s.score(group).get(0).value()).as(s.name()).isZero();
    }
  }
}
