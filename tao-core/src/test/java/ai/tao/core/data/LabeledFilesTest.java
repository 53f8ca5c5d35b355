package ai.tao.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.DataInputException;
import ai.tao.core.train.LabeledExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledFilesTest {
  @Test
  void readsPairsWithIdsOrFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("l.jsonl");
    Files.write(f, List.of("{\"id\": \"a\", \"prompt\": \"1+1=\", \"response\": \"2\"}", "",
        "{\"prompt\": \"2+2=\", \"response\": \"4\"}"));
    List<LabeledExample> ex = LabeledFiles.jsonl(f);
    assertThat(ex).hasSize(2);
    assertThat(ex.get(0).prompt().id()).isEqualTo("a");
    assertThat(ex.get(1).prompt().id()).isEqualTo("l.jsonl:3");
    assertThat(ex.get(1).response()).isEqualTo("4");
    Files.write(f, List.of("{\"q\": \"x\", \"a\": \"y\"}"));
    assertThat(LabeledFiles.jsonl(f, "q", "a").get(0).prompt().text()).isEqualTo("x");
  }

  @Test
  void badLinesAreNamedByFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.jsonl");
    Files.write(f, List.of("{\"prompt\": \"x\", \"response\": \"y\"}", "{not json"));
    assertThatThrownBy(() -> LabeledFiles.jsonl(f)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("bad.jsonl:2").hasMessageContaining("not valid JSON");
    Files.write(f, List.of("{\"prompt\": \"x\"}"));
    assertThatThrownBy(() -> LabeledFiles.jsonl(f)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("bad.jsonl:1").hasMessageContaining("\"response\"");
    Files.write(f, List.of("{\"id\": \"a\", \"prompt\": \"x\", \"response\": \"y\"}",
        "{\"id\": \"a\", \"prompt\": \"z\", \"response\": \"w\"}"));
    assertThatThrownBy(() -> LabeledFiles.jsonl(f)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("repeats id 'a'");
    Files.write(f, List.of(""));
    assertThatThrownBy(() -> LabeledFiles.jsonl(f)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("no examples");
    assertThatThrownBy(() -> LabeledFiles.jsonl(dir.resolve("missing.jsonl"))).isInstanceOf(DataInputException.class)
        .hasMessageContaining("cannot read");
  }
}
