package ai.tao.core.tokenizer;

import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A tokenizer without a vocabulary file, for models this project trains from scratch: ids 0..255
 * are the raw UTF-8 bytes of the text, then three special tokens follow.
 *
 * <pre>
 *   0..255  the byte with that value
 *   256     &lt;pad&gt;
 *   257     &lt;bos&gt;
 *   258     &lt;eos&gt;
 * </pre>
 *
 * <p>{@code encode(text, true)} puts {@code <bos>} in front and adds no {@code <eos>}, like a
 * Llama tokenizer. Text containing unpaired UTF-16 surrogates (not valid Unicode) is encoded with
 * U+FFFD in their place, so {@code decode(encode(s))} equals {@code s} for every well-formed string.
 * {@code decode} never throws on byte sequences that are not valid UTF-8; it writes U+FFFD for
 * them.
 *
 * <p>A model folder marks its tokenizer as this one with a {@value #FILE_NAME} file, written by
 * {@link #save(Path)}; {@link Tokenizers#load(Path)} finds it. A {@code chat_template.jinja} beside
 * it is the model's chat format ({@link #chatTemplate()}): rendered, then encoded with
 * {@code <bos>} in front, since a template cannot write the special ids as text. Immutable and
 * thread-safe.
 *
 * @since 0.1
 */
public final class ByteTokenizer implements TextTokenizer {

  /** File that marks a model folder as using this tokenizer. */
  public static final String FILE_NAME = "tao_tokenizer.json";

  /** Id of {@code <pad>}. */
  public static final int PAD_ID = 256;

  /** Id of {@code <bos>}. */
  public static final int BOS_ID = 257;

  /** Id of {@code <eos>}. */
  public static final int EOS_ID = 258;

  /** 256 bytes and three special tokens. */
  public static final int VOCAB_SIZE = 259;

  private static final String TYPE = "byte";
  private static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<eos>");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatTemplate chatTemplate;

  private ByteTokenizer(ChatTemplate chatTemplate) {
    this.chatTemplate = chatTemplate;
  }

  /** Returns the byte tokenizer, without a chat template. */
  public static ByteTokenizer create() {
    return new ByteTokenizer(null);
  }

  /**
   * This tokenizer with {@code jinja} as its model's chat template, written by {@link #save} as
   * {@code chat_template.jinja}.
   *
   * @throws ai.tao.api.ConfigurationException if the template does not parse
   * @since 0.5
   */
  public ByteTokenizer withChatTemplate(String jinja) {
    return new ByteTokenizer(template(jinja, "a chat template given in code"));
  }

  private static ChatTemplate template(String jinja, String origin) {
    return ChatTemplate.builder().source(jinja).origin(origin).tokenizerAddsSpecialTokens(true).build();
  }

  /**
   * Reads {@value #FILE_NAME} from {@code modelDir} and checks that it describes this tokenizer.
   *
   * @throws ModelLoadException if the file is missing, unreadable, or describes another layout
   */
  public static ByteTokenizer load(Path modelDir) {
    Objects.requireNonNull(modelDir, "modelDir");
    Path file = modelDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("No " + FILE_NAME + " in " + modelDir + " (looked for " + file + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    String type = root == null ? null : root.path("type").asText(null);
    if (!TYPE.equals(type)) {
      throw new ModelLoadException(
          file + ": \"type\" is " + type + ", but the only tokenizer type is \"" + TYPE + "\"");
    }
    List<String> specials = new ArrayList<>();
    root.path("specials").forEach(n -> specials.add(n.asText()));
    if (!SPECIALS.equals(specials)) {
      throw new ModelLoadException(
          file + ": \"specials\" is " + specials + ", expected " + SPECIALS
              + " (ids 256, 257, 258); this version supports no other layout");
    }
    Path templateFile = modelDir.resolve(HfModelFiles.CHAT_TEMPLATE_JINJA);
    if (!Files.isRegularFile(templateFile)) {
      return new ByteTokenizer(null);
    }
    try {
      return new ByteTokenizer(template(Files.readString(templateFile), templateFile.toString()));
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read " + templateFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@value #FILE_NAME} into {@code modelDir} (created if missing), so that {@link
   * Tokenizers#load(Path)} picks this tokenizer for the folder, and the chat template, if there is
   * one, as {@code chat_template.jinja}.
   *
   * @return the file written
   * @throws ai.tao.api.OutputException if the file cannot be written
   */
  public Path save(Path modelDir) {
    Objects.requireNonNull(modelDir, "modelDir");
    ObjectNode root = JSON.createObjectNode();
    root.put("type", TYPE);
    ArrayNode specials = root.putArray("specials");
    SPECIALS.forEach(specials::add);
    Path file = modelDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(modelDir);
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      if (chatTemplate != null) {
        Files.writeString(modelDir.resolve(HfModelFiles.CHAT_TEMPLATE_JINJA), chatTemplate.source().orElseThrow());
      }
    } catch (IOException e) {
      throw new OutputException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** {@link #save}, for a policy saving its folder. */
  @Override
  public void writeTo(Path modelDir) {
    save(modelDir);
  }

  /** The chat template read from the model folder or given by {@link #withChatTemplate}, if any. */
  @Override
  public Optional<ChatTemplate> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    Objects.requireNonNull(text, "text");
    // String.getBytes replaces unpaired surrogates with '?'; U+FFFD is what a decoder would show.
    byte[] bytes = replaceLoneSurrogates(text).getBytes(StandardCharsets.UTF_8);
    int offset = addSpecialTokens ? 1 : 0;
    int[] ids = new int[bytes.length + offset];
    if (addSpecialTokens) {
      ids[0] = BOS_ID;
    }
    for (int i = 0; i < bytes.length; i++) {
      ids[i + offset] = bytes[i] & 0xFF;
    }
    return ids;
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    Objects.requireNonNull(ids, "ids");
    StringBuilder text = new StringBuilder(ids.length);
    byte[] run = new byte[ids.length];
    int runLength = 0;
    for (int id : ids) {
      if (id < 0 || id >= VOCAB_SIZE) {
        throw new IllegalArgumentException(
            "token id " + id + " is outside the byte tokenizer's vocabulary [0, " + VOCAB_SIZE + ")");
      }
      if (id < 256) {
        run[runLength++] = (byte) id;
        continue;
      }
      // new String(..., UTF_8) writes U+FFFD for malformed input instead of throwing.
      text.append(new String(run, 0, runLength, StandardCharsets.UTF_8));
      runLength = 0;
      if (!skipSpecialTokens) {
        text.append(SPECIALS.get(id - 256));
      }
    }
    text.append(new String(run, 0, runLength, StandardCharsets.UTF_8));
    return text.toString();
  }

  @Override
  public int vocabSize() {
    return VOCAB_SIZE;
  }

  @Override
  public OptionalInt bosId() {
    return OptionalInt.of(BOS_ID);
  }

  @Override
  public Set<Integer> eosIds() {
    return Set.of(EOS_ID);
  }

  @Override
  public OptionalInt padId() {
    return OptionalInt.of(PAD_ID);
  }

  @Override
  public String toString() {
    return "ByteTokenizer[vocabSize=" + VOCAB_SIZE + "]";
  }

  private static String replaceLoneSurrogates(String text) {
    StringBuilder fixed = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
              : !Character.isLowSurrogate(c);
      if (Character.isHighSurrogate(c) && paired) {
        if (fixed != null) {
          fixed.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (!paired && fixed == null) {
        fixed = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (fixed != null) {
        fixed.append(paired ? c : '\uFFFD');
      }
    }
    return fixed == null ? text : fixed.toString();
  }
}
