package ai.tao.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {

  @Test
  void tokenizerJsonMeansHuggingFace(@TempDir Path dir) throws IOException {
    HfTokenizerTest.copyTinyBpe(dir);
    try (TextTokenizer tokenizer = Tokenizers.load(dir)) {
      assertThat(tokenizer).isInstanceOf(HfTokenizer.class);
      assertThat(tokenizer.encode("hello", true)).containsExactly(1, 271);
    }
  }

  @Test
  void taoTokenizerJsonMeansBytes(@TempDir Path dir) {
    ByteTokenizer.create().save(dir);
    try (TextTokenizer tokenizer = Tokenizers.load(dir)) {
      assertThat(tokenizer).isInstanceOf(ByteTokenizer.class);
      assertThat(tokenizer.vocabSize()).isEqualTo(259);
    }
  }

  @Test
  void neitherFileListsWhatWasLookedFor(@TempDir Path dir) {
    assertThatThrownBy(() -> Tokenizers.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("tokenizer.json")
        .hasMessageContaining("tao_tokenizer.json");
  }

  @Test
  void bothFilesAreAmbiguous(@TempDir Path dir) throws IOException {
    HfTokenizerTest.copyTinyBpe(dir);
    ByteTokenizer.create().save(dir);
    assertThatThrownBy(() -> Tokenizers.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("both");
  }

  @Test
  void missingFolder(@TempDir Path dir) {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> Tokenizers.load(missing))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(missing.toString());
  }
}
