package ai.tao.benchmarks.sql;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Prompt;
import ai.tao.core.data.PromptFiles;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlRun;
import ai.tao.rewards.sql.SqlSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlDatasetTest {

  private static SqlDataset data;
  private static H2Database db;
  private static SqlSandbox sandbox;

  @BeforeAll
  static void setUp() {
    data = SqlFixtures.dataset();
    db = H2Database.fromScript(data.schema().script());
    sandbox = SqlSandbox.of(db);
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  @Test
  void splitsHaveTheDefaultSizesAndPhrasings() {
    assertThat(data.docTrain()).hasSize(600).allMatch(t -> t.phrasing().equals(SqlTask.DOC));
    assertThat(data.docExtra()).hasSize(600).allMatch(t -> t.phrasing().equals(SqlTask.DOC));
    assertThat(data.prodTrain()).hasSize(400).allMatch(t -> t.phrasing().equals(SqlTask.PROD));
    assertThat(data.prodOracle()).hasSize(400).allMatch(t -> t.phrasing().equals(SqlTask.PROD));
    assertThat(data.prodHeldout()).hasSize(200).allMatch(t -> t.phrasing().equals(SqlTask.PROD));
  }

  @Test
  void everyGoldQueryRunsAndHasARealAnswer() {
    for (SqlTask t : SqlFixtures.all(data)) {
      SqlRun r = sandbox.run(t.goldSql());
      assertThat(r.executed()).as(t.toString() + ": " + r.reason()).isTrue();
      assertThat(r.informative()).as(t.toString()).isTrue();
    }
  }

  @Test
  void noQuestionOrIdIsInTwoSplits() {
    List<SqlTask> all = SqlFixtures.all(data);
    assertThat(all).extracting(SqlTask::question).doesNotHaveDuplicates();
    assertThat(all).extracting(SqlTask::id).doesNotHaveDuplicates();
  }

  @Test
  void heldOutCombinationsAreNeverAskedInTraining() {
    // Within an intent, the gold SQL is a function of the slot values: same SQL, same combination.
    Set<String> trainingGold = new HashSet<>();
    for (List<SqlTask> split :
        List.of(data.docTrain(), data.docExtra(), data.prodTrain(), data.prodOracle())) {
      split.forEach(t -> trainingGold.add(t.goldSql()));
    }
    assertThat(data.prodHeldout()).noneMatch(t -> trainingGold.contains(t.goldSql()));
  }

  @Test
  void sameSeedSameDatasetOtherSeedAnother() {
    SqlDataset again = SqlDataset.builder().seed(0).build();
    assertThat(again.docTrain()).isEqualTo(data.docTrain());
    assertThat(again.docExtra()).isEqualTo(data.docExtra());
    assertThat(again.prodTrain()).isEqualTo(data.prodTrain());
    assertThat(again.prodOracle()).isEqualTo(data.prodOracle());
    assertThat(again.prodHeldout()).isEqualTo(data.prodHeldout());

    SqlDataset other = SqlDataset.builder().seed(1).docTrain(50).docExtra(0).prodTrain(20).prodHeldout(10).build();
    assertThat(other.docTrain()).hasSize(50).isNotEqualTo(data.docTrain().subList(0, 50));
    assertThat(other.docExtra()).isEmpty();
    assertThat(other.prodOracle()).hasSize(20);
  }

  @Test
  void everyIntentIsInEveryTrainingAndEvaluationSplit() {
    for (List<SqlTask> split : List.of(data.docTrain(), data.prodTrain(), data.prodOracle(), data.prodHeldout())) {
      assertThat(split.stream().map(SqlTask::intent).collect(Collectors.toSet()))
          .containsExactlyInAnyOrderElementsOf(SqlDataset.intents());
    }
    assertThat(SqlDataset.intents()).hasSizeBetween(12, 20);
  }

  @Test
  void prodTrainPromptsCarryNoGoldSql() {
    List<Prompt> prompts = data.prodTrainPrompts();
    assertThat(prompts).hasSize(data.prodTrain().size());
    for (int i = 0; i < prompts.size(); i++) {
      Prompt p = prompts.get(i);
      SqlTask t = data.prodTrain().get(i);
      assertThat(p.id()).isEqualTo(t.id());
      assertThat(p.text()).isEqualTo(SqlPromptFormat.render(t.question()));
      assertThat(p.metadata()).isEmpty();
      String everything = p.id() + "\n" + p.text() + "\n" + p.metadata() + "\n" + p.messages();
      assertThat(everything).doesNotContain(t.goldSql()).doesNotContainIgnoringCase("select")
          .doesNotContain(t.intent());
    }
  }

  @Test
  void jsonlDumpReadsBackAsTheSamePrompts(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prod.jsonl");
    SqlDataset.writeJsonl(file, data.prodTrain());

    assertThat(Files.readString(file)).doesNotContainIgnoringCase("select");
    List<Prompt> read = PromptFiles.jsonl(file).build().prompts(0);
    assertThat(read).extracting(Prompt::id).containsExactlyElementsOf(
        data.prodTrainPrompts().stream().map(Prompt::id).toList());
    assertThat(read).extracting(Prompt::text).containsExactlyElementsOf(
        data.prodTrainPrompts().stream().map(Prompt::text).toList());
  }

  @Test
  void everyLiteralOfTheGoldSqlIsAWordOfTheQuestion() {
    for (SqlTask t : SqlFixtures.all(data)) {
      for (String literal : SqlFixtures.literals(t.goldSql())) {
        assertThat(t.question()).as(t.toString()).containsPattern("\\b" + Pattern.quote(literal) + "\\b");
      }
    }
  }

  @Test
  void questionsMentionNoValueTheSqlDoesNotUse() {
    List<String> names = new ArrayList<>(data.schema().deptNames());
    names.addAll(data.schema().cities());
    for (SqlTask t : SqlFixtures.all(data)) {
      List<String> literals = SqlFixtures.literals(t.goldSql());
      for (String name : names) {
        if (!literals.contains(name)) {
          assertThat(t.question().toLowerCase()).as(t.toString()).doesNotContain(name);
        }
      }
      assertThat(SqlFixtures.numbers(t.question())).as(t.toString()).isSubsetOf(literals);
    }
  }

  @Test
  void answersDependOnTheSlotValues() {
    Map<String, Set<String>> answersPerIntent = new HashMap<>();
    for (SqlTask t : SqlFixtures.all(data)) {
      answersPerIntent.computeIfAbsent(t.intent(), k -> new HashSet<>())
          .add(sandbox.run(t.goldSql()).result().orElseThrow().canonical());
    }
    assertThat(answersPerIntent).allSatisfy((intent, answers) ->
        assertThat(answers).as(intent).hasSizeGreaterThanOrEqualTo(4));
  }

  @Test
  void goldAnswersAgreeWithTheRowsComputedInJava() {
    CompanyDatabase s = data.schema();
    Map<String, Integer> deptId = new HashMap<>();
    s.depts().forEach(d -> deptId.put(d.name(), d.id()));
    int checked = 0;
    for (SqlTask t : SqlFixtures.all(data)) {
      if (t.intent().equals("count_dept")) {
        int id = deptId.get(SqlFixtures.stringLiteral(t.goldSql()));
        long expected = s.emps().stream().filter(e -> e.deptId() == id).count();
        assertThat(sandbox.run(t.goldSql()).result().orElseThrow().rows()).containsExactly(List.of(Long.toString(expected)));
        checked++;
      } else if (t.intent().equals("salary_gt_dept")) {
        int id = deptId.get(SqlFixtures.stringLiteral(t.goldSql()));
        int threshold = Integer.parseInt(SqlFixtures.numbers(t.question()).get(0));
        List<List<String>> expected = s.emps().stream()
            .filter(e -> e.deptId() == id && e.salary() > threshold)
            .map(e -> List.of(e.name())).toList();
        assertThat(sandbox.run(t.goldSql()).result().orElseThrow().rows()).containsExactlyInAnyOrderElementsOf(expected);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  void docAndProdPhrasingsDifferWithPartialOverlap() {
    int prod = 0;
    int shared = 0;
    for (SqlIntent intent : SqlIntents.ALL) {
      assertThat(intent.doc()).as(intent.name()).hasSizeBetween(5, 7).doesNotHaveDuplicates();
      assertThat(intent.prod()).as(intent.name()).hasSizeBetween(3, 5).doesNotHaveDuplicates();
      Set<String> both = new HashSet<>(intent.doc());
      both.retainAll(intent.prod());
      // Apart from the shared ones, a production phrasing is not a documentation one in other case
      // or punctuation: the documentation teaches its words, not its sentence.
      Set<List<String>> docSentences = new HashSet<>();
      intent.doc().forEach(p -> docSentences.add(words(p)));
      for (String p : intent.prod()) {
        if (!both.contains(p)) {
          assertThat(docSentences).as(intent.name() + ": " + p).doesNotContain(words(p));
        }
      }
      assertThat(both).as(intent.name()).hasSizeLessThan(intent.prod().size());
      prod += intent.prod().size();
      shared += both.size();
    }
    double overlap = (double) shared / prod;
    assertThat(overlap).isBetween(0.15, 0.35);

    Set<String> docQuestions = phrasingsOf(data.docTrain());
    Set<String> prodQuestions = phrasingsOf(data.prodTrain());
    assertThat(prodQuestions).isNotEqualTo(docQuestions);
    Set<String> common = new HashSet<>(docQuestions);
    common.retainAll(prodQuestions);
    assertThat(common).isNotEmpty().hasSizeLessThan(prodQuestions.size() / 2);
  }

  /**
   * The documentation teaches the words, not the sentences: every word of every production
   * phrasing (placeholders and punctuation removed, lower-cased; symbols such as "#", "+" and ">"
   * count as words) is in some documentation phrasing, of any intent. A tiny model trained from
   * scratch knows only the words its documentation shows, so a production word it never saw is a
   * question it cannot answer, however TAO samples.
   */
  @Test
  void productionVocabularyIsCoveredByDocumentation() {
    Set<String> docWords = new HashSet<>();
    for (SqlIntent intent : SqlIntents.ALL) {
      intent.doc().forEach(p -> docWords.addAll(words(p)));
    }
    Map<String, Set<String>> uncovered = new TreeMap<>();
    for (SqlIntent intent : SqlIntents.ALL) {
      for (String phrasing : intent.prod()) {
        for (String w : words(phrasing)) {
          if (!docWords.contains(w)) {
            uncovered.computeIfAbsent(w, k -> new TreeSet<>())
                .add(intent.name() + ": " + phrasing);
          }
        }
      }
    }
    assertThat(uncovered).as("production words no documentation phrasing uses").isEmpty();
  }

  @Test
  void wordsSplitsOffPlaceholdersAndPunctuationButKeepsSymbols() {
    assertThat(words("what's the top {dept} salary, age < {age}?"))
        .containsExactly("what's", "the", "top", "salary", "age", "<");
    assertThat(words("# {dept} staff (names + salaries)"))
        .containsExactly("#", "staff", "names", "+", "salaries");
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z]+}");
  private static final Pattern WORD =
      Pattern.compile("[a-z0-9]+(?:'[a-z]+)?|[^a-z0-9\\s.,?!;:'\"()]");

  /** The words of a phrasing, lower-cased, without placeholders or punctuation, symbols kept. */
  private static List<String> words(String phrasing) {
    String text = PLACEHOLDER.matcher(phrasing.toLowerCase(Locale.ROOT)).replaceAll(" ");
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Questions with their values blanked, i.e. the phrasing templates in use. */
  private static Set<String> phrasingsOf(List<SqlTask> tasks) {
    Set<String> out = new HashSet<>();
    for (SqlTask t : tasks) {
      String q = t.question();
      for (String literal : SqlFixtures.literals(t.goldSql())) {
        q = q.replaceAll("\\b" + Pattern.quote(literal) + "\\b", "_");
      }
      out.add(t.intent() + ":" + q);
    }
    return out;
  }
}
