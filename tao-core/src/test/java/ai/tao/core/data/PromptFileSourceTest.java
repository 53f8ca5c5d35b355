package ai.tao.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFileSourceTest {

  @TempDir Path dir;

  private Path write(String name, String... texts) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String t : texts) {
      lines.add("{\"prompt\": \"" + t + "\"}");
    }
    return Files.write(dir.resolve(name), lines);
  }

  private static List<String> texts(List<Prompt> prompts) {
    return prompts.stream().map(Prompt::text).toList();
  }

  @Test
  void eachRoundReadsTheNewestFileScheduledAtOrBeforeIt() throws IOException {
    Path week1 = write("week1.jsonl", "a", "b");
    Path week2 = write("week2.jsonl", "b", "c");

    PromptFileSource source = PromptFiles.jsonl(week1).round(2, week2).build();

    assertThat(texts(source.prompts(0))).containsExactly("a", "b");
    assertThat(texts(source.prompts(1))).containsExactly("a", "b");
    assertThat(texts(source.prompts(2))).containsExactly("b", "c");
    assertThat(texts(source.prompts(9))).containsExactly("b", "c");
    assertThat(source.file(1)).isEqualTo(week1);
    assertThat(source.file(2)).isEqualTo(week2);
    assertThat(source.describe()).contains("week1.jsonl from round 0", "week2.jsonl from round 2");
  }

  @Test
  void roundsListGivesOneFilePerRound() throws IOException {
    Path r0 = write("r0.jsonl", "a");
    Path r1 = write("r1.jsonl", "b");

    PromptFileSource source = PromptFiles.rounds(List.of(r0, r1)).build();

    assertThat(texts(source.prompts(0))).containsExactly("a");
    assertThat(texts(source.prompts(1))).containsExactly("b");
    assertThat(texts(source.prompts(5))).containsExactly("b");
  }

  @Test
  void dropSeenInEarlierRoundsKeepsOnlyNewTraffic() throws IOException {
    Path week1 = write("week1.jsonl", "a", "b");
    Path week2 = write("week2.jsonl", "b", " a ", "c");
    Path week3 = write("week3.jsonl", "a", "d");

    PromptFileSource source =
        PromptFiles.jsonl(week1).round(2, week2).round(3, week3).dropSeenInEarlierRounds(true).build();

    assertThat(texts(source.prompts(0))).containsExactly("a", "b");
    assertThat(texts(source.prompts(1))).as("same file as round 0").containsExactly("a", "b");
    assertThat(texts(source.prompts(2))).containsExactly("c");
    assertThat(source.stats(2).droppedSeenEarlier()).isEqualTo(2);
    assertThat(source.stats(2).prompts()).isEqualTo(1);
    assertThat(texts(source.prompts(3))).containsExactly("d");
  }

  @Test
  void roundWhoseFileWasAllSeenIsEmpty() throws IOException {
    Path week1 = write("week1.jsonl", "a", "b");
    Path week2 = write("week2.jsonl", "b");

    PromptFileSource source = PromptFiles.jsonl(week1).round(1, week2).dropSeenInEarlierRounds(true).build();

    assertThat(source.prompts(1)).isEmpty();
    assertThat(source.stats(1).droppedSeenEarlier()).isEqualTo(1);
  }

  @Test
  void directorySourceReadsTheLastFileByNameEachRound() throws IOException {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Files.write(logs.resolve("part-0001.jsonl"), List.of("{\"prompt\": \"a\"}", "{\"prompt\": \"b\"}"));
    Files.write(logs.resolve("part-0000.jsonl"), List.of("{\"prompt\": \"old\"}"));
    Files.writeString(logs.resolve("part-0009.jsonl.tmp"), "half-written");
    Files.writeString(logs.resolve(".part-0009.jsonl"), "hidden");

    PromptFileSource source = PromptFiles.directory(logs).dropSeenInEarlierRounds(true).build();

    assertThat(texts(source.prompts(0))).containsExactly("a", "b");
    assertThat(source.file(0).getFileName()).hasToString("part-0001.jsonl");

    Files.write(logs.resolve("part-0002.jsonl"), List.of("{\"prompt\": \"b\"}", "{\"prompt\": \"c\"}"));
    Files.delete(logs.resolve("part-0001.jsonl")); // rotated away; what round 0 saw still counts

    assertThat(texts(source.prompts(1))).containsExactly("c");
    assertThat(source.stats(1).file().getFileName()).hasToString("part-0002.jsonl");
  }

  @Test
  void emptyDirectoryFailsWhenARoundNeedsPrompts() throws IOException {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    PromptFileSource source = PromptFiles.directory(logs).build();
    assertThatThrownBy(() -> source.prompts(0))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("no *.jsonl files in " + logs + " for round 0");
  }

  @Test
  void changedFileIsReadAgain() throws IOException {
    Path file = write("live.jsonl", "a");
    PromptFileSource source = PromptFiles.jsonl(file).build();
    assertThat(texts(source.prompts(0))).containsExactly("a");

    write("live.jsonl", "a", "b");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

    assertThat(texts(source.prompts(0))).containsExactly("a", "b");
  }

  @Test
  void laterScheduledFileMissingFailsWhenItsRoundComes() throws IOException {
    Path week1 = write("week1.jsonl", "a");
    PromptFileSource source = PromptFiles.jsonl(week1).round(1, dir.resolve("week2.jsonl")).build();
    assertThat(source.prompts(0)).hasSize(1);
    assertThatThrownBy(() -> source.prompts(1))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("week2.jsonl does not exist");
  }

  @Test
  void builderRejectsBadSchedules() throws IOException {
    Path a = write("a.jsonl", "a");
    assertThatThrownBy(() -> PromptFiles.jsonl(a).round(0, a))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("round 0 already reads");
    assertThatThrownBy(() -> PromptFiles.jsonl(a).round(-1, a))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("round must be >= 0, got -1");
    assertThatThrownBy(() -> PromptFiles.directory(dir).round(1, a))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not apply to a directory source");
    assertThatThrownBy(() -> PromptFiles.jsonl(dir.resolve("missing.jsonl")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing.jsonl does not exist");
    assertThatThrownBy(() -> PromptFiles.rounds(List.of()))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> PromptFiles.jsonl(a).ignoreFields(java.util.Set.of("prompt")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'prompt'");
    assertThatThrownBy(() -> PromptFiles.jsonl(a).build().prompts(-1))
        .isInstanceOf(ConfigurationException.class);
  }
}
