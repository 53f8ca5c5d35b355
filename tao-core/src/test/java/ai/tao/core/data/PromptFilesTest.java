package ai.tao.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromptFilesTest {

  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static List<Prompt> read(Path file) {
    return PromptFiles.jsonl(file).build().prompts(0);
  }

  @Test
  void readsPlainAndChatLines() throws IOException {
    Path file =
        write(
            "p.jsonl",
            "{\"id\": \"a\", \"prompt\": \"Who works in sales?\"}",
            "",
            "   ",
            "{\"text\": \"avg pay in hr\", \"metadata\": {\"channel\": \"slack\"}}",
            "{\"id\": 7, \"messages\": [{\"role\": \"system\", \"content\": \"Answer in SQL.\"},"
                + " {\"role\": \"user\", \"content\": \"max salary in paris\"}]}");

    List<Prompt> prompts = read(file);

    assertThat(prompts).hasSize(3);
    assertThat(prompts.get(0).id()).isEqualTo("a");
    assertThat(prompts.get(0).text()).isEqualTo("Who works in sales?");
    assertThat(prompts.get(0).metadata()).containsEntry("source", "p.jsonl").containsEntry("line", "1");
    assertThat(prompts.get(1).id()).isEqualTo("p.jsonl:4");
    assertThat(prompts.get(1).text()).isEqualTo("avg pay in hr");
    assertThat(prompts.get(1).metadata())
        .containsExactly(
            Map.entry("channel", "slack"), Map.entry("source", "p.jsonl"), Map.entry("line", "4"));
    assertThat(prompts.get(2).id()).isEqualTo("7");
    assertThat(prompts.get(2).isChat()).isTrue();
    assertThat(prompts.get(2).messages())
        .containsExactly(
            ChatMessage.system("Answer in SQL."), ChatMessage.user("max salary in paris"));
  }

  @Test
  void byteOrderMarkIsIgnored() throws IOException {
    Path file = write("bom.jsonl", "\uFEFF{\"prompt\": \"hi\"}");
    assertThat(read(file)).extracting(Prompt::text).containsExactly("hi");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"prompt\": \"x\"                               | not valid JSON",
        "[\"x\"]                                          | expected a JSON object, got array",
        "{\"id\": \"q\"}                                  | neither 'prompt' (or 'text') nor 'messages'",
        "{\"prompt\": \"x\", \"messages\": []}            | both 'prompt' and 'messages'",
        "{\"prompt\": \"x\", \"text\": \"y\"}             | both 'prompt' and 'text'",
        "{\"prompt\": 12}                                 | 'prompt' must be a string, got number",
        "{\"prompt\": \"  \"}                             | 'prompt' is blank",
        "{\"messages\": \"hi\"}                           | 'messages' must be an array",
        "{\"messages\": []}                               | 'messages' is empty",
        "{\"messages\": [{\"role\": \"user\"}]}           | 'messages[0]' needs a string 'content', got none",
        "{\"messages\": [{\"content\": \"x\"}]}           | 'messages[0]' needs a non-blank string 'role'",
        "{\"prompt\": \"x\", \"metadata\": {\"n\": 3}}    | 'metadata.n' must be a string, got number",
        "{\"prompt\": \"x\", \"metadata\": [1]}           | 'metadata' must be an object",
        "{\"prompt\": \"x\", \"id\": true}                | 'id' must be a string or an integer, got boolean",
        "{\"prompt\": \"x\", \"prompt\": \"y\"}           | not valid JSON",
        "{\"prompt\": \"x\"} {\"prompt\": \"y\"}          | not valid JSON",
      })
  void malformedLineFailsNamingFileLineAndProblem(String badLine, String problem) throws IOException {
    Path file = write("bad.jsonl", "{\"prompt\": \"fine\"}", "", badLine);

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(DataInputException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining(problem)
        .hasMessageContaining("skipMalformed(true)");
  }

  @Test
  void duplicateIdWithDifferentContentIsMalformed() throws IOException {
    Path file = write("ids.jsonl", "{\"id\": \"q\", \"prompt\": \"a\"}", "{\"id\": \"q\", \"prompt\": \"b\"}");
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining(file + ":2: id 'q' is already used on line 1");
  }

  @Test
  void skipMalformedSkipsAndCounts() throws IOException {
    Path file =
        write(
            "mixed.jsonl",
            "{\"prompt\": \"one\"}",
            "not json",
            "{\"prompt\": 5}",
            "{\"prompt\": \"two\"}",
            "{\"prompt\": \"one\"}");

    PromptFileSource source = PromptFiles.jsonl(file).skipMalformed(true).build();

    assertThat(source.prompts(0)).extracting(Prompt::text).containsExactly("one", "two");
    PromptFileStats stats = source.stats(0);
    assertThat(stats.file()).isEqualTo(file);
    assertThat(stats.linesRead()).isEqualTo(5);
    assertThat(stats.prompts()).isEqualTo(2);
    assertThat(stats.skippedMalformed()).isEqualTo(2);
    assertThat(stats.droppedDuplicates()).isEqualTo(1);
    assertThat(stats.droppedSeenEarlier()).isZero();
    assertThat(stats.summary())
        .isEqualTo("mixed.jsonl: 2 prompts (5 lines read, 2 malformed skipped, 1 duplicates dropped)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gold", "answer", "sql", "label", "completion", "response", "gold_sql",
      "expectedOutput", "Answer", "ground-truth"})
  void labelFieldIsRejected(String field) throws IOException {
    Path file =
        write("labels.jsonl", "{\"prompt\": \"fine\"}", "{\"prompt\": \"q\", \"" + field + "\": \"x\"}");

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining(file + ":2: prompt files carry inputs only; line 2 has a '" + field + "' field")
        .hasMessageContaining("ignoreFields");
  }

  @Test
  void labelFieldIsRejectedEvenWhenSkippingMalformedLines() throws IOException {
    Path file = write("labels.jsonl", "{\"prompt\": \"fine\"}", "{\"prompt\": \"q\", \"gold\": \"x\"}");
    assertThatThrownBy(() -> PromptFiles.jsonl(file).skipMalformed(true).build().prompts(0))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("line 2 has a 'gold' field");
  }

  @Test
  void labelInMetadataIsRejected() throws IOException {
    Path file = write("meta.jsonl", "{\"prompt\": \"q\", \"metadata\": {\"answer\": \"42\"}}");
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("line 1 has a 'metadata.answer' field");
  }

  @Test
  void conversationEndingWithAnAssistantAnswerIsRejected() throws IOException {
    Path file =
        write(
            "chat.jsonl",
            "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"},"
                + " {\"role\": \"assistant\", \"content\": \"SELECT 1\"}]}");
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining(file + ":1: prompt files carry inputs only")
        .hasMessageContaining("'assistant' turn");
  }

  @Test
  void fewShotAssistantTurnsBeforeTheQuestionAreFine() throws IOException {
    Path file =
        write(
            "fewshot.jsonl",
            "{\"messages\": [{\"role\": \"user\", \"content\": \"q1\"},"
                + " {\"role\": \"assistant\", \"content\": \"a1\"}, {\"role\": \"user\", \"content\": \"q2\"}]}");
    assertThat(read(file).get(0).messages()).hasSize(3);
  }

  @Test
  void ignoredFieldsAreDroppedUnreadAndUnknownFieldsCounted() throws IOException {
    Path file =
        write(
            "extra.jsonl",
            "{\"prompt\": \"a\", \"gold_sql\": \"SELECT 1\", \"user\": \"u1\", \"metadata\": {\"reference\": \"r\"}}",
            "{\"prompt\": \"b\", \"gold_sql\": \"SELECT 2\", \"user\": \"u2\", \"ts\": 5}");

    PromptFileSource source =
        PromptFiles.jsonl(file).ignoreFields(Set.of("gold_sql", "metadata.reference")).build();

    List<Prompt> prompts = source.prompts(0);
    assertThat(prompts).extracting(Prompt::text).containsExactly("a", "b");
    assertThat(prompts.get(0).metadata()).doesNotContainKey("reference");
    assertThat(prompts.toString()).doesNotContain("SELECT");
    assertThat(source.stats(0).unknownFields()).containsExactly(Map.entry("user", 2), Map.entry("ts", 1));
  }

  @Test
  void duplicatesAreDroppedKeepingTheFirst() throws IOException {
    Path file =
        write(
            "dups.jsonl",
            "{\"id\": \"first\", \"prompt\": \"who works in  sales?\"}",
            "{\"id\": \"second\", \"prompt\": \"  who works\\tin sales? \"}",
            "{\"id\": \"other-case\", \"prompt\": \"Who works in sales?\"}",
            "{\"id\": \"c1\", \"messages\": [{\"role\": \"user\", \"content\": \"who works in sales?\"}]}",
            "{\"id\": \"c2\", \"messages\": [{\"role\": \"user\", \"content\": \"who works in sales? \"}]}",
            "{\"id\": \"first\", \"prompt\": \"who works in sales?\"}");

    PromptFileSource source = PromptFiles.jsonl(file).build();

    assertThat(source.prompts(0)).extracting(Prompt::id).containsExactly("first", "other-case", "c1");
    assertThat(source.stats(0).droppedDuplicates()).isEqualTo(3);
  }

  @Test
  void emptyFileFails() throws IOException {
    Path file = write("empty.jsonl", "", "  ");
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(DataInputException.class)
        .hasMessageStartingWith("no prompts in " + file + " (0 lines read, 0 skipped");
  }

  @Test
  void fileWithOnlyMalformedLinesFailsWhenSkipping() throws IOException {
    Path file = write("junk.jsonl", "junk", "{}");
    assertThatThrownBy(() -> PromptFiles.jsonl(file).skipMalformed(true).build().prompts(0))
        .isInstanceOf(DataInputException.class)
        .hasMessageStartingWith("no prompts in " + file + " (2 lines read, 2 skipped");
  }

  @Test
  void invalidUtf8FailsNamingTheFile() throws IOException {
    Path file = dir.resolve("latin1.jsonl");
    Files.write(file, new byte[] {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xE9, '"', '}'});
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining(file + ":1: not valid UTF-8");
  }
}
