package ai.tao.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteTokenizerTest {

  private final ByteTokenizer tokenizer = ByteTokenizer.create();

  @Test
  void idsAreUtf8BytesAndBosComesFirst() {
    // "hé": 'h' = 0x68, 'é' = 0xC3 0xA9 in UTF-8.
    assertThat(tokenizer.encode("hé", false)).containsExactly(0x68, 0xC3, 0xA9);
    assertThat(tokenizer.encode("hé", true)).containsExactly(257, 0x68, 0xC3, 0xA9);
    assertThat(tokenizer.encode("", true)).containsExactly(257);
    assertThat(tokenizer.encode("", false)).isEmpty();
  }

  @Test
  void specialTokens() {
    assertThat(tokenizer.vocabSize()).isEqualTo(259);
    assertThat(tokenizer.padId()).hasValue(256);
    assertThat(tokenizer.bosId()).hasValue(257);
    assertThat(tokenizer.eosIds()).containsExactly(258);
  }

  @Test
  void decodeShowsOrSkipsSpecialTokens() {
    int[] ids = {257, 0x68, 0x69, 258, 256};
    assertThat(tokenizer.decode(ids, true)).isEqualTo("hi");
    assertThat(tokenizer.decode(ids, false)).isEqualTo("<bos>hi<eos><pad>");
  }

  @Test
  void specialTokenBetweenTheBytesOfOneCharacterBreaksIt() {
    // 0xC3 0xA9 is 'é'; split by <eos> each half is an invalid sequence on its own.
    assertThat(tokenizer.decode(new int[] {0xC3, 258, 0xA9}, true)).isEqualTo("\uFFFD\uFFFD");
  }

  @Test
  void invalidUtf8DecodesToReplacementCharacters() {
    assertThat(tokenizer.decode(new int[] {0x61, 0xC3}, true)).isEqualTo("a\uFFFD");
    assertThat(tokenizer.decode(new int[] {0xFF, 0xFE}, true)).isEqualTo("\uFFFD\uFFFD");
  }

  @Test
  void idsOutsideTheVocabularyAreRejected() {
    assertThatThrownBy(() -> tokenizer.decode(new int[] {259}, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("259");
    assertThatThrownBy(() -> tokenizer.decode(new int[] {-1}, true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loneSurrogatesAreEncodedAsReplacementCharacter() {
    assertThat(tokenizer.decode(tokenizer.encode("a\uD800b", false), true)).isEqualTo("a\uFFFDb");
    assertThat(tokenizer.decode(tokenizer.encode("\uDC00", false), true)).isEqualTo("\uFFFD");
  }

  @Test
  void saveThenLoad(@TempDir Path dir) throws IOException {
    Path file = tokenizer.save(dir.resolve("model"));
    assertThat(file).hasFileName(ByteTokenizer.FILE_NAME);
    assertThat(Files.readString(file)).contains("\"type\" : \"byte\"");
    ByteTokenizer loaded = ByteTokenizer.load(dir.resolve("model"));
    assertThat(loaded.encode("ok", true)).containsExactly(257, 'o', 'k');
  }

  @Test
  void aChatTemplateInTheFolderIsTheModelsChatFormatWithBosInFront(@TempDir Path dir) throws IOException {
    assertThat(tokenizer.chatTemplate()).isEmpty();
    tokenizer.save(dir);
    Files.writeString(dir.resolve("chat_template.jinja"), "Q: {{ messages[-1]['content'] }}\nSQL: ");
    ByteTokenizer loaded = ByteTokenizer.load(dir);
    ChatTemplate template = loaded.chatTemplate().orElseThrow();
    assertThat(ChatTemplate.forTokenizer(loaded)).isSameAs(template);
    List<java.util.Map<String, String>> chat = List.of(java.util.Map.of("role", "user", "content", "how many?"));
    // the same ids as the plain-text prompt the model was trained on, <bos> included
    assertThat(template.encode(loaded, chat, true)).containsExactly(loaded.encode("Q: how many?\nSQL: ", true));

    Path copy = dir.resolve("copy");
    loaded.save(copy);
    assertThat(Files.readString(copy.resolve("chat_template.jinja"))).isEqualTo(
        "Q: {{ messages[-1]['content'] }}\nSQL: ");
    assertThat(ByteTokenizer.load(copy).chatTemplate()).isPresent();
  }

  @Test
  void withoutATemplateFileChatUsesTheFallbackFormat(@TempDir Path dir) {
    tokenizer.save(dir);
    assertThat(ByteTokenizer.load(dir).chatTemplate()).isEmpty();
    assertThat(ChatTemplate.forTokenizer(ByteTokenizer.load(dir)).isFallback()).isTrue();
    assertThat(tokenizer.withChatTemplate("{{ messages[0]['content'] }}").chatTemplate()).isPresent();
  }

  @Test
  void loadRejectsAnotherLayout(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(ByteTokenizer.FILE_NAME), "{\"type\": \"byte\", \"specials\": [\"<bos>\"]}");
    assertThatThrownBy(() -> ByteTokenizer.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(ByteTokenizer.FILE_NAME)
        .hasMessageContaining("specials");
    Files.writeString(dir.resolve(ByteTokenizer.FILE_NAME), "{\"type\": \"bpe\"}");
    assertThatThrownBy(() -> ByteTokenizer.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("bpe");
    Files.writeString(dir.resolve(ByteTokenizer.FILE_NAME), "{not json");
    assertThatThrownBy(() -> ByteTokenizer.load(dir)).isInstanceOf(ModelLoadException.class);
  }

  @Property
  void wellFormedTextRoundTrips(@ForAll("wellFormedText") String text, @ForAll boolean addSpecialTokens) {
    assertThat(tokenizer.decode(tokenizer.encode(text, addSpecialTokens), true)).isEqualTo(text);
  }

  @Property
  void anyJavaStringRoundTripsWithLoneSurrogatesReplaced(@ForAll String text) {
    StringBuilder expected = new StringBuilder();
    text.codePoints().forEach(cp -> expected.appendCodePoint(Character.isSurrogate((char) cp) && cp <= 0xFFFF ? 0xFFFD : cp));
    assertThat(tokenizer.decode(tokenizer.encode(text, false), true)).isEqualTo(expected.toString());
  }

  @Property
  void anyIdsDecodeWithoutThrowing(@ForAll("ids") List<Integer> ids, @ForAll boolean skipSpecialTokens) {
    String text = tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray(), skipSpecialTokens);
    assertThat(text).isNotNull();
  }

  @Provide
  Arbitrary<String> wellFormedText() {
    Arbitrary<Integer> codePoint =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0x7F),
            Arbitraries.integers().between(0x80, 0xD7FF),
            Arbitraries.integers().between(0xE000, 0x10FFFF));
    return codePoint.list().ofMaxSize(40).map(cps -> {
      StringBuilder text = new StringBuilder();
      cps.forEach(text::appendCodePoint);
      return text.toString();
    });
  }

  @Provide
  Arbitrary<List<Integer>> ids() {
    return Arbitraries.integers().between(0, ByteTokenizer.VOCAB_SIZE - 1).list().ofMaxSize(60);
  }
}
