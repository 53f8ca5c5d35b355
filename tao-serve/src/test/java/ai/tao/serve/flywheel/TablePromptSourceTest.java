package ai.tao.serve.flywheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.api.CollapseStop;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.api.StepMetrics;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import ai.tao.api.TrainStepResult;
import ai.tao.core.data.PromptFiles;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablePromptSourceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ANSWER = "THE SERVED ANSWER";

  @TempDir Path tmp;
  InferenceTable table;
  Path dir;
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void open() {
    table = InferenceTable.open(tmp.resolve("table"));
    dir = tmp.resolve("flywheel");
  }

  @AfterEach
  void close() {
    table.close();
  }

  /** Records a chat request whose messages are {@code role, content} pairs, and waits until it is written. */
  void chat(String... roleContent) {
    ObjectNode body = JSON.createObjectNode().put("model", "m").put("temperature", 0.7);
    ArrayNode messages = body.putArray("messages");
    for (int i = 0; i < roleContent.length; i += 2) {
      messages.addObject().put("role", roleContent[i]).put("content", roleContent[i + 1]);
    }
    record(Inference.CHAT, body.toString());
  }

  void completion(String prompt) {
    record(Inference.COMPLETIONS, JSON.createObjectNode().put("model", "m").put("prompt", prompt).toString());
  }

  void record(String endpoint, String requestJson) {
    String id = "req-" + requests.incrementAndGet();
    table.record(new Inference(id, Instant.parse("2025-01-02T03:04:05Z"), endpoint, "v7", requestJson, ANSWER,
        "[{\"index\":0,\"text\":\"" + ANSWER + "\",\"finish_reason\":\"stop\"}]", "stop", 5, 3, 10));
    table.flush();
  }

  TablePromptSource source() {
    return TablePromptSource.builder().table(table).directory(dir).build();
  }

  static List<String> ids(List<Prompt> prompts) {
    return prompts.stream().map(Prompt::id).toList();
  }

  @Test
  void aRoundTurnsRowsIntoScrubbedPromptsWithProvenanceOnly() throws IOException {
    chat("system", "You write SQL.", "user", "Mail jo@example.com the staff list, or call +44 20 7946 0958");
    completion("Charge card 4111 1111 1111 1111 for the salaries above 85000 in 2023");
    table.recordFeedback("req-1", 1.0);
    TablePromptSource source = source();

    List<Prompt> prompts = source.prompts(0);

    assertThat(ids(prompts)).containsExactly("row-1", "row-2");
    assertThat(prompts.get(0).messages()).containsExactly(ChatMessage.system("You write SQL."),
        ChatMessage.user("Mail <EMAIL> the staff list, or call <PHONE>"));
    assertThat(prompts.get(1).text()).isEqualTo("Charge card <CARD> for the salaries above 85000 in 2023");
    assertThat(prompts.get(0).metadata()).containsEntry("row_id", "1").containsEntry("model_version", "v7")
        .doesNotContainValue(ANSWER);
    String file = Files.readString(source.datasetFile(0));
    assertThat(file).doesNotContain(ANSWER).doesNotContain("feedback").doesNotContain("jo@example.com");
    DatasetManifest m = source.pending().orElseThrow();
    assertThat(m.file()).isEqualTo("round-0000.jsonl");
    assertThat(m.rowsRead()).isEqualTo(2);
    assertThat(m.kept()).isEqualTo(2);
    assertThat(m.pii()).isEqualTo(new PiiCounts(1, 1, 1, 0));
    assertThat(m.watermarkFrom()).isZero();
    assertThat(m.watermarkTo()).isEqualTo(2);
    assertThat(DatasetFiles.readManifest(source.manifestFile(0))).isEqualTo(m);
  }

  @Test
  void aDatasetReadsBackWithTheExistingPromptFileReader() {
    chat("user", "Who works in sales?");
    completion("Which offices are in Berlin?");
    List<Prompt> prompts = source().prompts(0);
    List<Prompt> read = PromptFiles.jsonl(dir.resolve("datasets/round-0000.jsonl")).build().prompts(0);
    assertThat(read).isEqualTo(prompts);
    assertThat(read.get(1).textOpt()).hasValue("Which offices are in Berlin?");
  }

  @Test
  void theNextRoundSeesOnlyRowsServedSinceTheCommit() {
    chat("user", "Who works in sales?");
    chat("user", "Which offices are in Berlin?");
    TablePromptSource source = source();
    assertThat(ids(source.prompts(0))).containsExactly("row-1", "row-2");
    assertThat(source.commit()).hasValueSatisfying(m -> assertThat(m.watermarkTo()).isEqualTo(2));
    assertThat(source.watermark()).isEqualTo(2);

    chat("user", "How many people were hired in 2023?");
    completion("List the managers of the Paris office");
    List<Prompt> round1 = source.prompts(1);
    assertThat(ids(round1)).containsExactly("row-3", "row-4");
    DatasetManifest m = source.pending().orElseThrow();
    assertThat(m.round()).isEqualTo(1);
    assertThat(m.loopRound()).isEqualTo(1);
    assertThat(m.watermarkFrom()).isEqualTo(2);
    assertThat(m.watermarkTo()).isEqualTo(4);
    assertThat(source.datasetFile(1)).hasFileName("round-0001.jsonl").exists();
    assertThat(source.prompts(0)).extracting(Prompt::id).containsExactly("row-1", "row-2"); // asked again: the same
  }

  @Test
  void aCrashBeforeCommitServesTheSameRowsAgain() {
    chat("user", "Who works in sales?");
    chat("user", "Which offices are in Berlin?");
    List<Prompt> before = source().prompts(0); // ... and the process dies before the commit
    chat("user", "How many people were hired in 2023?"); // traffic goes on meanwhile

    TablePromptSource restarted = source();
    assertThat(restarted.watermark()).isZero();
    assertThat(restarted.prompts(0)).isEqualTo(before);
    restarted.commit();
    assertThat(restarted.watermark()).isEqualTo(2);
    assertThat(ids(restarted.prompts(1))).containsExactly("row-3");
  }

  @Test
  void aCrashWhileWritingADatasetReadsItsRowsAgainFromTheWatermark() throws IOException {
    chat("user", "Who works in sales?");
    TablePromptSource first = source();
    first.prompts(0);
    Files.delete(first.manifestFile(0)); // the manifest is written last: without it the dataset is incomplete
    chat("user", "Which offices are in Berlin?");

    TablePromptSource restarted = source();
    assertThat(restarted.pending()).isEmpty();
    assertThat(ids(restarted.prompts(0))).containsExactly("row-1", "row-2"); // not dropped as seen: never committed
  }

  @Test
  void repeatsOfEarlierRoundsAndOfTheSameRoundAreDropped() {
    chat("system", "You write SQL.", "user", "Who works in sales?");
    chat("system", "You write SQL.", "user", "who works in  SALES?");
    TablePromptSource source = source();
    assertThat(ids(source.prompts(0))).containsExactly("row-1");
    source.commit();

    chat("system", "You write SQL.", "user", "Who works in Sales?");
    chat("system", "You write SQL.", "user", "Who works in marketing?");
    TablePromptSource nextRun = source(); // a new process: what it knows was seen comes from the directory
    assertThat(ids(nextRun.prompts(0))).containsExactly("row-4");
    DatasetManifest m = nextRun.pending().orElseThrow();
    assertThat(m.exactDuplicates()).isEqualTo(1);
    assertThat(m.kept()).isEqualTo(1);
    assertThat(m.round()).isEqualTo(1);
  }

  static TaoEvent.StepCompleted step(int round, int step, int totalSteps) {
    return new TaoEvent.StepCompleted(new StepMetrics(round, step, OptionalDouble.of(0.5), 0.1, 1, 0.5, 0, 10, 0.1,
        TrainStepResult.ran().loss(0.1).build()), totalSteps);
  }

  static TaoEvent.RoundCompleted roundCompleted(int round, int steps) {
    return new TaoEvent.RoundCompleted(round, steps, Optional.empty(), Optional.empty());
  }

  @Test
  void theCommitterCommitsARoundTrainedToItsLastStep() {
    chat("user", "Who works in sales?");
    TablePromptSource source = source();
    TaoListener committer = source.committer();
    source.prompts(3);
    committer.onEvent(step(3, 0, 2));
    committer.onEvent(step(3, 1, 2));
    committer.onEvent(roundCompleted(2, 2)); // another round's end
    assertThat(source.watermark()).isZero();
    committer.onEvent(roundCompleted(3, 2));
    assertThat(source.watermark()).isEqualTo(1);
    assertThat(source.pending()).isEmpty();
  }

  @Test
  void aRoundCutShortStaysPendingForTheResumedRunAndACollapsedOneIsCommitted() {
    chat("user", "Who works in sales?");
    TablePromptSource source = source();
    TaoListener committer = source.committer();
    List<Prompt> round0 = source.prompts(0);
    committer.onEvent(step(0, 0, 4));
    committer.onEvent(roundCompleted(0, 1)); // a stop signal after step 1 of 4: the run resumes this round
    assertThat(source.watermark()).isZero();

    TablePromptSource resumed = source();
    TaoListener again = resumed.committer();
    assertThat(resumed.prompts(0)).isEqualTo(round0);
    again.onEvent(step(0, 1, 4));
    again.onEvent(new TaoEvent.CollapseDetected(new CollapseStop(0, 2, CollapseStop.Reason.KL_BUDGET,
        OptionalInt.empty(), "KL over budget")));
    again.onEvent(roundCompleted(0, 2));
    assertThat(resumed.watermark()).isEqualTo(1);
  }

  @Test
  void anotherRoundWhileOneIsPendingFailsInsteadOfServingRowsTwice() {
    chat("user", "Who works in sales?");
    TablePromptSource source = source();
    List<Prompt> round0 = source.prompts(0);
    assertThat(source.prompts(0)).isSameAs(round0);
    assertThatThrownBy(() -> source.prompts(1)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("round-0000.jsonl").hasMessageContaining("commit()");
    assertThatThrownBy(() -> source.prompts(-1)).hasMessageContaining("round must be >= 0, got -1");
  }

  @Test
  void rowsWithNothingToTuneOnAreSkippedAndARoundWithNothingLeftIsCommittedAtOnce() {
    chat("user", "Who works in sales?", "assistant", "SELECT"); // ends with an answer
    completion("   ");
    TablePromptSource source = source();
    assertThat(source.prompts(0)).isEmpty();
    assertThat(source.watermark()).isEqualTo(2);
    assertThat(DatasetFiles.readManifest(source.manifestFile(0)).skippedUnusable()).isEqualTo(2);
    assertThat(source.prompts(1)).isEmpty(); // nothing new
    assertThat(source.datasetFile(1)).doesNotExist();
  }

  @Test
  void aMalformedRowFailsTheRoundByItsIdUnlessSkipped() {
    chat("user", "Who works in sales?");
    record(Inference.CHAT, "{\"model\":\"m\",\"messages\":\"not a list\"}");
    assertThatThrownBy(() -> source().prompts(0)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("row 2").hasMessageContaining("messages").hasMessageContaining("skipMalformed(true)");
    assertThat(dir.resolve("datasets")).doesNotExist();

    TablePromptSource skipping = TablePromptSource.builder().table(table).directory(dir).skipMalformed(true).build();
    assertThat(ids(skipping.prompts(0))).containsExactly("row-1");
    assertThat(skipping.pending().orElseThrow().skippedMalformed()).isEqualTo(1);
  }

  @Test
  void aRoundReadsAtMostMaxRowsPerRound() {
    for (String q : List.of("Who works in sales?", "Which offices are in Berlin?", "Who manages Paris?")) {
      chat("user", q);
    }
    TablePromptSource source = TablePromptSource.builder().table(table).directory(dir).maxRowsPerRound(2).build();
    assertThat(ids(source.prompts(0))).containsExactly("row-1", "row-2");
    source.commit();
    assertThat(ids(source.prompts(1))).containsExactly("row-3");
  }

  @Test
  void theDifficultyFilterDropsWhatThePolicyAlreadyAnswersUnanimously() {
    chat("user", "2 + 2?");
    chat("user", "Who works in sales?");
    FakePolicy policy = new FakePolicy(Map.of("2 + 2?", List.of("4"), "Who works in sales?", List.of("Jo", "Al")));
    DifficultyFilter hard = DifficultyFilter.builder().policy(policy)
        .sampling(SamplingParams.builder().candidatesPerPrompt(4).build()).build();
    TablePromptSource source = TablePromptSource.builder().table(table).directory(dir).difficultyFilter(hard).build();
    assertThat(ids(source.prompts(0))).containsExactly("row-2");
    DatasetManifest m = source.pending().orElseThrow();
    assertThat(m.difficultyFiltered()).isTrue();
    assertThat(m.tooEasy()).isEqualTo(1);
    assertThat(m.kept()).isEqualTo(1);
  }

  @Test
  void theBuilderRejectsBadSettings() throws IOException {
    assertThatThrownBy(() -> TablePromptSource.builder().directory(dir).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("table(...)");
    assertThatThrownBy(() -> TablePromptSource.builder().table(table).build()).hasMessageContaining("directory(...)");
    assertThatThrownBy(() -> TablePromptSource.builder().table(table).directory(dir).maxRowsPerRound(0).build())
        .hasMessageContaining("maxRowsPerRound must be > 0, got 0");
    assertThatThrownBy(() -> TablePromptSource.builder().table(table).directory(dir).duplicateThreshold(2).build())
        .hasMessageContaining("threshold must be in (0, 1], got 2.0");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> TablePromptSource.builder().table(table).directory(file).build())
        .hasMessageContaining("is a file");
  }
}
