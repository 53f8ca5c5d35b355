package ai.tao.serve.flywheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDuplicateFilterTest {
  /** 49 words: one word changed leaves a similarity of 48 / 54 = 0.89 with padded shingles of 3. */
  static final String LONG = "Please list the names and hire dates of all employees in the sales department who joined"
      + " the company before 2020 and whose salary is above the department average, sorted by hire date, and"
      + " include their manager's name and the office city for each of them in the result";

  @TempDir Path dir;

  static Prompt text(String id, String text) {
    return Prompt.ofText(id, text);
  }

  static NearDuplicateFilter filter() {
    return NearDuplicateFilter.builder().build();
  }

  @Test
  void caseAndWhitespaceVariantsAreExactDuplicates() {
    DedupResult r = filter().filter(List.of(text("a", "Who works in  Sales?"), text("b", " who WORKS in sales? "),
        text("c", "Who works in\tsales?\n")));
    assertThat(r.kept()).extracting(Prompt::id).containsExactly("a");
    assertThat(r.dropped()).extracting(Duplicate::duplicateOf).containsExactly("a", "a");
    assertThat(r.exactDuplicates()).isEqualTo(2);
    assertThat(r.nearDuplicates()).isZero();
  }

  @Test
  void aLongPromptRewordedByOneWordIsANearDuplicate() {
    DedupResult r = filter().filter(List.of(text("a", LONG), text("b", LONG.replace("Please list", "Please show")),
        text("c", LONG.replace("the office city", "the office location"))));
    assertThat(r.kept()).extracting(Prompt::id).containsExactly("a");
    assertThat(r.nearDuplicates()).isEqualTo(2);
    assertThat(r.dropped()).allSatisfy(d -> {
      assertThat(d.exact()).isFalse();
      assertThat(d.duplicateOf()).isEqualTo("a");
      assertThat(d.similarity()).isBetween(0.8, 0.99);
    });
  }

  @Test
  void differentQuestionsSharingTemplateWordsAreKept() {
    List<Prompt> prompts = List.of(
        text("a", "How many employees work in the sales department?"),
        text("b", "How many employees work in the engineering department?"),
        text("c", "What was the total revenue of the sales department in 2022?"),
        text("d", "What was the total revenue of the sales department in 2023?"),
        text("e", "What was the average salary of the sales department in 2023?"));
    DedupResult r = filter().filter(prompts);
    assertThat(r.kept()).isEqualTo(prompts);
    assertThat(r.dropped()).isEmpty();
  }

  @Test
  void chatPromptsSharingALongSystemPromptAreComparedByTheirQuestion() {
    ChatMessage system = ChatMessage.system("You translate questions into SQL for this schema: " + LONG);
    Prompt a = Prompt.ofMessages("a", List.of(system, ChatMessage.user("Who works in sales?")));
    Prompt b = Prompt.ofMessages("b", List.of(system, ChatMessage.user("Which offices are in Berlin?")));
    Prompt sameQuestionOtherSchema = Prompt.ofMessages("c",
        List.of(ChatMessage.system("Another schema."), ChatMessage.user("Who works in sales?")));
    Prompt again = Prompt.ofMessages("d", List.of(system, ChatMessage.user("who works in SALES?")));
    DedupResult r = filter().filter(List.of(a, b, sameQuestionOtherSchema, again));
    assertThat(r.kept()).extracting(Prompt::id).containsExactly("a", "b", "c");
    assertThat(r.dropped()).singleElement().satisfies(d -> {
      assertThat(d.prompt().id()).isEqualTo("d");
      assertThat(d.exact()).isTrue();
    });
  }

  @Test
  void aNewFilterLoadedFromTheDirectoryDropsWhatAnEarlierRoundSaw() throws IOException {
    NearDuplicateFilter round0 = NearDuplicateFilter.builder().directory(dir).build();
    assertThat(round0.filter(List.of(text("r0-a", LONG), text("r0-b", "Who works in sales?"))).kept()).hasSize(2);
    round0.save();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(NearDuplicateFilter.FILE);
    }

    NearDuplicateFilter round1 = NearDuplicateFilter.builder().directory(dir).build();
    assertThat(round1.size()).isEqualTo(2);
    DedupResult r = round1.filter(List.of(text("r1-a", LONG.replace("Please list", "Please show")),
        text("r1-b", "WHO works in sales?"), text("r1-c", "Who works in marketing?")));
    assertThat(r.kept()).extracting(Prompt::id).containsExactly("r1-c");
    assertThat(r.dropped()).extracting(Duplicate::duplicateOf).containsExactly("r0-a", "r0-b");
  }

  @Test
  void whatIsNotSavedIsNotRemembered() {
    NearDuplicateFilter unsaved = NearDuplicateFilter.builder().directory(dir).build();
    unsaved.filter(List.of(text("a", "Who works in sales?")));
    NearDuplicateFilter reloaded = NearDuplicateFilter.builder().directory(dir).build();
    assertThat(reloaded.size()).isZero();
    assertThat(reloaded.filter(List.of(text("b", "Who works in sales?"))).kept()).hasSize(1);
  }

  @Test
  void promptsWithoutWordsAreComparedExactlyOnly() {
    DedupResult r = filter().filter(List.of(text("a", "???"), text("b", "!!!"), text("c", "???")));
    assertThat(r.kept()).extracting(Prompt::id).containsExactly("a", "b");
    assertThat(r.exactDuplicates()).isEqualTo(1);
  }

  @Test
  void aStateMadeWithOtherSettingsOrDamagedIsRefusedByName() throws IOException {
    NearDuplicateFilter f = NearDuplicateFilter.builder().directory(dir).build();
    f.filter(List.of(text("a", "Who works in sales?")));
    f.save();
    assertThatThrownBy(() -> NearDuplicateFilter.builder().directory(dir).shingleSize(2).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("shingleSize 3")
        .hasMessageContaining("shingleSize 2").hasMessageContaining(dir.toString());
    Files.writeString(dir.resolve(NearDuplicateFilter.FILE), "{\"format\": 1, \"entries\": [");
    assertThatThrownBy(() -> NearDuplicateFilter.builder().directory(dir).build())
        .isInstanceOf(DataInputException.class).hasMessageContaining(NearDuplicateFilter.FILE)
        .hasMessageContaining("move it away");
  }

  @Test
  void theBuilderRejectsBadSettings() {
    assertThatThrownBy(() -> NearDuplicateFilter.builder().threshold(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("threshold must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> NearDuplicateFilter.builder().threshold(1.5).build()).hasMessageContaining("1.5");
    assertThatThrownBy(() -> NearDuplicateFilter.builder().threshold(Double.NaN).build()).hasMessageContaining("NaN");
    assertThatThrownBy(() -> NearDuplicateFilter.builder().shingleSize(0).build()).hasMessageContaining("shingleSize");
    assertThatThrownBy(() -> NearDuplicateFilter.builder().numHashes(8).build()).hasMessageContaining("numHashes");
    assertThatThrownBy(() -> filter().save()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("saveTo");
  }

  @Test
  void bandsCatchAPairAtTheThresholdNinetyNineTimesInAHundred() {
    assertThat(NearDuplicateFilter.rowsPerBand(0.8, 128)).isEqualTo(6); // 21 bands: 1 - (1 - 0.8^6)^21 = 0.998
    assertThat(NearDuplicateFilter.rowsPerBand(1.0, 128)).isEqualTo(128);
    assertThat(NearDuplicateFilter.rowsPerBand(0.1, 128)).isEqualTo(1);
  }
}
