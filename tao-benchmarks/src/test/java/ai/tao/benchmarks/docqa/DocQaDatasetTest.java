package ai.tao.benchmarks.docqa;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Prompt;
import ai.tao.benchmarks.demo.DemoModel;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.LabeledExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DocQaDatasetTest {
  private static final DocQaDataset DATA = DocQaDataset.generate(11);

  /** The statement's line names, written out here rather than read from {@link LineItem}. */
  private static final List<String> LINES =
      List.of("revenue", "cost of goods sold", "operating expenses", "net profit", "cash");

  private static List<DocQaTask> all(DocQaDataset d) {
    return d.splits().values().stream().flatMap(List::stream).toList();
  }

  @Test
  void defaultSplitSizes() {
    assertThat(DATA.docTrain()).hasSize(4000);
    assertThat(DATA.docExtra()).hasSize(1000);
    assertThat(DATA.prodTrain()).hasSize(400);
    assertThat(DATA.prodOracle()).hasSize(400);
    assertThat(DATA.prodHeldout()).hasSize(200);
    for (QuestionKind kind : QuestionKind.values()) {
      assertThat(DATA.prodHeldout().stream().filter(t -> t.kind() == kind).count()).as("%s", kind)
          .isGreaterThan(40);
    }
  }

  @Test
  void theSameSeedGivesTheSameDatasetAndAnotherSeedAnother() {
    DocQaDataset again = DocQaDataset.generate(11);
    DocQaDataset other = DocQaDataset.generate(12);

    assertThat(all(again)).isEqualTo(all(DATA));
    assertThat(all(other).get(0)).isNotEqualTo(all(DATA).get(0));
    assertThat(all(other).stream().map(DocQaTask::prompt).toList())
        .doesNotContainAnyElementsOf(DATA.prodHeldout().stream().map(DocQaTask::prompt).toList());
  }

  @Test
  void documentationSplitsDoNotDependOnTheProductionOnes() {
    DocQaDataset fewProd = DocQaDataset.builder().seed(11).prodTrain(3).prodHeldout(5).build();

    assertThat(fewProd.docTrain()).isEqualTo(DATA.docTrain());
    assertThat(fewProd.docExtra()).isEqualTo(DATA.docExtra());
  }

  @Test
  void splitsAreDisjointAndIdsUnique() {
    Set<String> prompts = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (DocQaTask t : all(DATA)) {
      assertThat(prompts.add(t.prompt())).as("prompt drawn twice: %s", t.prompt()).isTrue();
      assertThat(ids.add(t.id())).as(t.id()).isTrue();
    }
  }

  @Test
  void splitsHaveTheirPhrasing() {
    Stream.of(DATA.docTrain(), DATA.docExtra()).flatMap(List::stream)
        .forEach(t -> assertThat(t.phrasing()).isEqualTo(DocQaTask.DOC));
    Stream.of(DATA.prodTrain(), DATA.prodOracle(), DATA.prodHeldout()).flatMap(List::stream)
        .forEach(t -> assertThat(t.phrasing()).isEqualTo(DocQaTask.PROD));
  }

  /** A template as a pattern: each placeholder any text. */
  private static Pattern shape(String template) {
    String[] parts = template.split("\\{[a-z]+\\}", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      re.append(Pattern.quote(parts[i]));
      if (i < parts.length - 1) {
        re.append(".+");
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }

  @Test
  void documentationAndProductionPhrasingsAreDisjoint() {
    List<String> docTemplates = DocQaPhrasings.DOC.values().stream().flatMap(List::stream).toList();
    List<String> prodTemplates = DocQaPhrasings.PROD.values().stream().flatMap(List::stream).toList();
    assertThat(docTemplates).doesNotContainAnyElementsOf(prodTemplates);
    List<Pattern> docShapes = docTemplates.stream().map(DocQaDatasetTest::shape).toList();
    List<Pattern> prodShapes = prodTemplates.stream().map(DocQaDatasetTest::shape).toList();

    for (DocQaTask t : all(DATA)) {
      boolean doc = docShapes.stream().anyMatch(p -> p.matcher(t.question()).matches());
      boolean prod = prodShapes.stream().anyMatch(p -> p.matcher(t.question()).matches());
      assertThat(doc).as("doc-shaped: %s", t.question()).isEqualTo(t.phrasing().equals(DocQaTask.DOC));
      assertThat(prod).as("prod-shaped: %s", t.question()).isEqualTo(t.phrasing().equals(DocQaTask.PROD));
    }
  }

  @Test
  void documentationQuestionsUseOnlyTheStatementsNamesAndProductionAlsoSynonyms() {
    List<String> synonyms = Stream.of(LineItem.values()).flatMap(i -> i.synonyms().stream()).toList();
    int prodWithSynonym = 0;
    for (DocQaTask t : all(DATA)) {
      String q = t.question().toLowerCase();
      // whole words or phrases: no documentation question has any
      boolean synonym = synonyms.stream().anyMatch(s -> Pattern.compile("\\b" + Pattern.quote(s.toLowerCase()) + "\\b")
          .matcher(q).find());
      if (t.phrasing().equals(DocQaTask.DOC)) {
        assertThat(synonym).as(t.question()).isFalse();
      } else if (synonym) {
        prodWithSynonym++;
      }
    }
    int prod = DATA.prodTrain().size() + DATA.prodOracle().size() + DATA.prodHeldout().size();
    assertThat(prodWithSynonym).isBetween(prod / 3, prod * 9 / 10);
  }

  /** The statement's figures, read back from its text. */
  private static Map<String, Integer> figures(String statement) {
    Map<String, Integer> v = new HashMap<>();
    Matcher m = Pattern.compile("(?:: |, )([a-z ]+) (\\d+)").matcher(statement);
    while (m.find()) {
      v.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertThat(v.keySet()).as(statement).containsExactlyInAnyOrderElementsOf(LINES);
    return v;
  }

  @Test
  void everyGoldAnswerIsRecomputedFromTheStatementText() {
    for (DocQaTask t : all(DATA)) {
      Map<String, Integer> v = figures(t.statement().text());
      int a = v.get(t.first().docName());
      int revenue = v.get("revenue");
      int expected = switch (t.kind()) {
        case FIGURE -> a;
        case DIFFERENCE -> a - v.get(t.second().orElseThrow().docName());
        // round half up in integers: floor((200a + r) / 2r)
        case PERCENT_OF_REVENUE -> (200 * a + revenue) / (2 * revenue);
      };
      assertThat(t.answer()).as("%s: %s", t.id(), t.prompt()).isEqualTo(expected);
      if (t.kind() == QuestionKind.DIFFERENCE) {
        assertThat(t.answer()).isPositive();
      }
      if (t.kind() == QuestionKind.PERCENT_OF_REVENUE) {
        assertThat(t.first()).isNotIn(LineItem.REVENUE, LineItem.CASH);
        assertThat(t.answer()).isBetween(0, 100);
      }
    }
  }

  @Test
  void statementsAreShortAndOneLayout() {
    for (DocQaTask t : all(DATA)) {
      String s = t.statement().text();
      assertThat(s).matches("[A-Z][a-z]+ (Inc\\.|Corp\\.|Ltd\\.|Group|plc) FY20[12]\\d: revenue \\d+, cost of goods sold \\d+,"
          + " operating expenses \\d+, net profit \\d+, cash \\d+\\.");
      assertThat(s.length()).isBetween(85, 140);
    }
  }

  @Test
  void promptAndAnswerFitTheModelsPositions() {
    ByteTokenizer tok = ByteTokenizer.create();
    int positions = DemoModel.config().maxPositions();
    for (LabeledExample ex : DocQaDataset.sftExamples(all(DATA))) {
      int prompt = tok.encode(ex.prompt().text(), true).length;
      // the answer and its newline, and the <eos> SFT appends
      int answer = tok.encode(ex.response(), false).length + 1;
      assertThat(answer).as(ex.response()).isLessThanOrEqualTo(DocQaConfig.MAX_ANSWER_TOKENS);
      assertThat(prompt + DocQaConfig.MAX_ANSWER_TOKENS).as(ex.prompt().id()).isLessThanOrEqualTo(positions);
    }
  }

  @Test
  void theWorkedAnswerQuotesTheStatementAndEndsInTheGold() {
    for (DocQaTask t : all(DATA)) {
      Map<String, Integer> v = figures(t.statement().text());
      String w = t.workedAnswer();
      String expected = switch (t.kind()) {
        case FIGURE -> t.first().docName() + " " + v.get(t.first().docName());
        case DIFFERENCE -> t.first().docName() + " " + v.get(t.first().docName()) + " - "
            + t.second().orElseThrow().docName() + " " + v.get(t.second().orElseThrow().docName()) + " = " + t.answer();
        case PERCENT_OF_REVENUE -> t.first().docName() + " " + v.get(t.first().docName()) + " / revenue "
            + v.get("revenue") + " = " + t.answer() + "%";
      };
      assertThat(w).isEqualTo(expected);
      assertThat(DocQaGrader.create().correct(null, w, t.answerText())).as(w).isTrue();
    }
  }

  @Test
  void promptsCarryTheTaskAndNoAnswer() {
    List<Prompt> prompts = new ArrayList<>(DATA.prodTrainPrompts());
    DocQaDataset.sftExamples(DATA.docTrain()).forEach(e -> prompts.add(e.prompt()));
    DocQaDataset.evalExamples(DATA.prodHeldout()).forEach(e -> prompts.add(e.prompt()));
    for (Prompt p : prompts) {
      assertThat(p.metadata()).containsEntry("task", "docqa").hasSize(1);
      assertThat(p.text()).endsWith("\nA: ");
    }
    List<Prompt> tao = DATA.prodTrainPrompts();
    for (int i = 0; i < tao.size(); i++) {
      DocQaTask t = DATA.prodTrain().get(i);
      assertThat(tao.get(i).text()).isEqualTo(t.prompt()).doesNotContain("A: " + t.workedAnswer());
      assertThat(tao.get(i).id()).isEqualTo(t.id());
    }
    assertThat(DocQaDataset.sftExamples(DATA.docTrain()).get(0).response())
        .isEqualTo(DATA.docTrain().get(0).workedAnswer() + "\n");
    assertThat(DocQaDataset.evalExamples(DATA.docTrain()).get(0).response())
        .isEqualTo(Integer.toString(DATA.docTrain().get(0).answer()));
  }
}
