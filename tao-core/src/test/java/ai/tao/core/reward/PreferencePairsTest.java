package ai.tao.core.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.DataInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencePairsTest {
  @TempDir Path tmp;

  @Test
  void pairsSurviveAWriteAndARead() {
    List<PreferencePair> pairs = List.of(PreferencePair.of("p1", "good", "bad"),
        new PreferencePair("p2 \"quoted\"\n", "a", "b", 1.5));
    Path f = tmp.resolve("pairs.jsonl");
    PreferencePairs.write(f, pairs);
    assertThat(PreferencePairs.read(f)).isEqualTo(pairs);
  }

  @Test
  void aBadLineIsNamedByFileAndLine() throws Exception {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(f, "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}\n\n{\"prompt\":\"p\",\"chosen\":\"a\"}\n");
    assertThatThrownBy(() -> PreferencePairs.read(f)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("bad.jsonl:3").hasMessageContaining("'rejected'");
  }

  @Test
  void aPairThatPrefersATextToItselfIsRefused() throws Exception {
    Path f = tmp.resolve("same.jsonl");
    Files.writeString(f, "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"a\"}\n");
    assertThatThrownBy(() -> PreferencePairs.read(f)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("same.jsonl:1").hasMessageContaining("same text");
  }

  @Test
  void aMarginMustBeANumber() throws Exception {
    Path f = tmp.resolve("margin.jsonl");
    Files.writeString(f, "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"margin\":\"big\"}\n");
    assertThatThrownBy(() -> PreferencePairs.read(f)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("margin");
  }
}
