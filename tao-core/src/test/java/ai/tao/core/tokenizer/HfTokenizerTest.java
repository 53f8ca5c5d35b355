package ai.tao.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ModelLoadException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs against {@code tokenizer/tiny-bpe}: a Llama-style tokenizer written by hand (SentencePiece
 * BPE with byte fallback, '▁' word marker, {@code <s>} added in front by a TemplateProcessing post
 * processor). Its vocabulary: 0 {@code <unk>}, 1 {@code <s>}, 2 {@code </s>}, 3..258 the bytes
 * {@code <0x00>..<0xFF>}, then 259 ▁, 260 h, 261 e, 262 l, 263 o, 264 w, 265 r, 266 d, 267 ▁h,
 * 268 ll, 269 ▁he, 270 ▁hell, 271 ▁hello, 272 ▁w, 273 or, 274 ▁wor, 275 ld, 276 ▁world; added
 * tokens 277 {@code <pad>} and 278 {@code <|eot|>}. The expected ids below follow from applying its
 * ten merges by hand.
 */
class HfTokenizerTest {

  private static HfTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = HfTokenizer.load(tinyBpe());
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void encodesWithAndWithoutSpecialTokens() {
    // "hello world" -> "▁hello▁world" -> merges -> ▁hello ▁world
    assertThat(tokenizer.encode("hello world", true)).containsExactly(1, 271, 276);
    assertThat(tokenizer.encode("hello world", false)).containsExactly(271, 276);
    assertThat(tokenizer.encode("", false)).isEmpty();
  }

  @Test
  void unknownCharactersFallBackToBytes() {
    // '!' = 0x21 -> <0x21> = 3 + 0x21 = 36
    assertThat(tokenizer.encode("hello!", false)).containsExactly(271, 36);
    // 'é' = 0xC3 0xA9 -> 198, 172; "▁h" "é" cannot merge into "▁he"
    assertThat(tokenizer.encode("héllo", false)).containsExactly(267, 198, 172, 268, 263);
  }

  @Test
  void specialTokensInTheTextAreRecognised() {
    assertThat(tokenizer.encode("hello</s>", false)).containsExactly(271, 2);
  }

  @Test
  void decodes() {
    assertThat(tokenizer.decode(new int[] {1, 271, 276}, true)).isEqualTo("hello world");
    assertThat(tokenizer.decode(new int[] {1, 271, 276}, false)).isEqualTo("<s> hello world");
    assertThat(tokenizer.decode(new int[] {267, 198, 172, 268, 263}, true)).isEqualTo("héllo");
    assertThat(tokenizer.decode(new int[] {271, 277, 278, 2}, true)).isEqualTo("hello");
  }

  @Test
  void incompleteUtf8DecodesToReplacementCharacter() {
    assertThat(tokenizer.decode(new int[] {271, 198}, true)).isEqualTo("hello\uFFFD");
  }

  @Test
  void neverTruncates() {
    // DJL's default would cut this to 512 tokens.
    String text = String.join(" ", Collections.nCopies(600, "hello world"));
    assertThat(tokenizer.encode(text, true)).hasSize(1201);
  }

  @Test
  void encodesFromSeveralThreads() {
    List<int[]> results =
        java.util.stream.IntStream.range(0, 400)
            .parallel()
            .mapToObj(i -> tokenizer.encode("hello world hello!", true))
            .toList();
    assertThat(results).allSatisfy(ids -> assertThat(ids).containsExactly(1, 271, 276, 271, 36));
  }

  @Test
  void idsOutsideTheVocabularyAreRejected() {
    assertThatThrownBy(() -> tokenizer.decode(new int[] {271, 279}, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("279")
        .hasMessageContaining("position 1");
  }

  @Test
  void specialTokenIdsFromTheConfigFiles() {
    assertThat(tokenizer.vocabSize()).isEqualTo(279);
    assertThat(tokenizer.bosId()).hasValue(1); // tokenizer_config.json bos_token "<s>"
    assertThat(tokenizer.padId()).hasValue(277); // pad_token "<pad>"
    // eos_token {"content": "</s>"} plus generation_config.json eos_token_id [2, 278]
    assertThat(tokenizer.eosIds()).containsExactlyInAnyOrder(2, 278);
  }

  @Test
  void chatTemplateFromTokenizerConfig() {
    ChatTemplate template = tokenizer.chatTemplate().orElseThrow();
    assertThat(template.origin()).contains("tokenizer_config.json");
    List<Map<String, String>> messages = List.of(Map.of("role", "user", "content", "hello"));
    assertThat(template.render(messages, true)).isEqualTo("<|user|>hello<|eot|><|assistant|>");
    // The template writes its special tokens, so encode adds no <s>; <|eot|> is matched as a token.
    int[] ids = template.encode(tokenizer, messages, true);
    assertThat(ids).doesNotContain(1).contains(278);
    // The normalizer prepends '▁' to each stretch of text between special tokens (as Llama 2's
    // legacy tokenizer does); the decoder strips only the first one.
    assertThat(tokenizer.decode(ids, false)).isEqualTo("<|user|>hello<|eot|> <|assistant|>");
    assertThat(ChatTemplate.forTokenizer(tokenizer)).isSameAs(template);
  }

  @Test
  void chatTemplateJinjaFileWins(@TempDir Path dir) throws IOException {
    copyTinyBpe(dir);
    Files.writeString(dir.resolve("chat_template.jinja"), "{{ bos_token }}{{ messages[0]['content'] }}\n");
    try (HfTokenizer withFile = HfTokenizer.load(dir)) {
      ChatTemplate template = withFile.chatTemplate().orElseThrow();
      assertThat(template.origin()).endsWith("chat_template.jinja");
      assertThat(template.render(List.of(Map.of("role", "user", "content", "x")), false)).isEqualTo("<s>x");
    }
  }

  @Test
  void specialTokensFromConfigJsonAlone(@TempDir Path dir) throws IOException {
    Files.copy(tinyBpe().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("config.json"), "{\"bos_token_id\": 1, \"eos_token_id\": [2, 278], \"pad_token_id\": null}");
    try (HfTokenizer bare = HfTokenizer.load(dir)) {
      assertThat(bare.bosId()).hasValue(1);
      assertThat(bare.eosIds()).containsExactly(2, 278);
      assertThat(bare.padId()).isEmpty();
      assertThat(bare.chatTemplate()).isEmpty();
      assertThat(ChatTemplate.forTokenizer(bare).isFallback()).isTrue();
    }
  }

  @Test
  void noConfigFilesMeansNoSpecialTokens(@TempDir Path dir) throws IOException {
    Files.copy(tinyBpe().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    try (HfTokenizer bare = HfTokenizer.load(dir)) {
      assertThat(bare.bosId()).isEmpty();
      assertThat(bare.eosIds()).isEmpty();
      assertThat(bare.padId()).isEmpty();
      // The post processor still adds <s>: it belongs to tokenizer.json.
      assertThat(bare.encode("hello", true)).containsExactly(1, 271);
    }
  }

  @Test
  void missingTokenizerJsonNamesFolderAndFile(@TempDir Path dir) {
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("tokenizer.json");
  }

  @Test
  void tokenizerJsonThatIsNotJson(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": ");
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(dir.resolve("tokenizer.json").toString())
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void tokenizerJsonTheNativeLibraryRejects(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("tokenizer.json"),
        "{\"version\": \"1.0\", \"added_tokens\": [], \"model\": {\"type\": \"NoSuchModel\", \"vocab\": {\"a\": 0}}}");
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(dir.resolve("tokenizer.json").toString())
        .hasMessageContaining("not a tokenizer");
  }

  @Test
  void declaredTokenMissingFromTheVocabulary(@TempDir Path dir) throws IOException {
    Files.copy(tinyBpe().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|end|>\"}");
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("tokenizer_config.json")
        .hasMessageContaining("<|end|>");
  }

  @Test
  void eosIdOutsideTheVocabulary(@TempDir Path dir) throws IOException {
    Files.copy(tinyBpe().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [2, 300]}");
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("300")
        .hasMessageContaining("279");
  }

  @Test
  void closeIsIdempotentAndLaterUseFails(@TempDir Path dir) throws IOException {
    copyTinyBpe(dir);
    HfTokenizer closing = HfTokenizer.load(dir);
    closing.close();
    closing.close();
    assertThatThrownBy(() -> closing.encode("hello", false)).isInstanceOf(IllegalStateException.class);
  }

  static Path tinyBpe() {
    try {
      return Path.of(HfTokenizerTest.class.getResource("/tokenizer/tiny-bpe").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void copyTinyBpe(Path dir) throws IOException {
    try (var files = Files.list(tinyBpe())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, dir.resolve(file.getFileName().toString()));
      }
    }
  }
}
