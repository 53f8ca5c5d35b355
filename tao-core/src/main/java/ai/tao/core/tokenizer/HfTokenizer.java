package ai.tao.core.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.tao.api.ModelLoadException;
import ai.tao.core.TaoRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face fast tokenizer ({@code tokenizer.json}) run by DJL's native binding, plus the
 * special tokens and chat template declared in the same model folder:
 *
 * <ul>
 *   <li>{@link #vocabSize()}: one more than the largest id in {@code tokenizer.json}. The model's
 *       {@code config.json} {@code vocab_size} may be larger (padded embeddings).
 *   <li>{@link #bosId()}, {@link #padId()}: {@code bos_token} / {@code pad_token} of {@code
 *       tokenizer_config.json} (a string or a {@code {"content": ...}} object); else {@code
 *       bos_token_id} / {@code pad_token_id} of {@code generation_config.json}, else of {@code
 *       config.json}.
 *   <li>{@link #eosIds()}: the union of {@code tokenizer_config.json}'s {@code eos_token} and the
 *       {@code eos_token_id} (an int or a list) of {@code generation_config.json} and {@code
 *       config.json}, since chat checkpoints list their end-of-turn token in only some of them.
 *   <li>{@link #chatTemplate()}: {@code chat_template.jinja}, else {@code chat_template.json}, else
 *       {@code tokenizer_config.json}'s {@code chat_template}.
 * </ul>
 *
 * <p>DJL's {@code HuggingFaceTokenizer} truncates every encoding to 512 tokens and pads by default,
 * with only a log warning. This class switches truncation and padding off and passes {@code
 * addSpecialTokens} on each call, so {@link #encode} returns every token.
 *
 * <p>Nothing is downloaded: the tokenizer is built from the local file (DJL's {@code Path}
 * overload, never the hub-name one), and before the first native call the system properties {@code
 * ai.djl.offline=true} and {@code RUST_FLAVOR=cpu} are set unless the user set them or their
 * environment variables, so that DJL does not fetch a CUDA build of the native library. DJL reads
 * them once per JVM, when the library loads.
 *
 * <p>Encoding and decoding are safe from several threads (the native tokenizer is not changed after
 * construction). {@link #close()} frees the native tokenizer; later calls throw {@link
 * IllegalStateException}.
 *
 * @since 0.1
 */
public final class HfTokenizer implements TextTokenizer {

  private static final Logger LOG = LoggerFactory.getLogger(HfTokenizer.class);

  /**
   * Options for DJL's {@code HuggingFaceTokenizer}: without them it truncates to 512 tokens
   * ({@code LONGEST_FIRST}) and pads ({@code LONGEST}), silently.
   */
  private static final Map<String, String> DJL_OPTIONS =
      Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final HfModelFiles files;
  private volatile ChatTemplate chatTemplate;

  private HfTokenizer(HuggingFaceTokenizer tokenizer, HfModelFiles files) {
    this.tokenizer = tokenizer;
    this.files = files;
  }

  /**
   * Loads the tokenizer of a Hugging Face model folder.
   *
   * @param modelDir folder holding {@code tokenizer.json}, and optionally {@code
   *     tokenizer_config.json}, {@code config.json}, {@code generation_config.json}, {@code
   *     chat_template.jinja}
   * @throws ModelLoadException if {@code tokenizer.json} is missing, not valid JSON, or rejected by
   *     the native tokenizer, or if a declared special token is not in the vocabulary
   */
  public static HfTokenizer load(Path modelDir) {
    Objects.requireNonNull(modelDir, "modelDir");
    HfModelFiles files = HfModelFiles.read(modelDir);
    HuggingFaceTokenizer tokenizer;
    try {
      // The Path overload reads the local file; the String overloads fetch from the Hub. Offline and
      // CPU flavour while the native library loads, so it never downloads a CUDA build.
      tokenizer = TaoRuntime.withDjlOffline(() -> {
        try {
          return HuggingFaceTokenizer.newInstance(files.tokenizerFile, DJL_OPTIONS);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw new ModelLoadException("Cannot read " + files.tokenizerFile + ": " + e.getCause().getMessage(), e);
    } catch (ai.djl.engine.EngineException | LinkageError e) {
      throw new ModelLoadException(
          "DJL's Hugging Face tokenizers native library failed to load (reading " + files.tokenizerFile
              + "): " + e.getMessage() + ". Set RUST_FLAVOR=cpu and DJL_OFFLINE=true in the "
              + "environment, or point RUST_LIBRARY_PATH at a libtokenizers build.", e);
    } catch (RuntimeException e) {
      // The native side reports a malformed tokenizer.json as a plain RuntimeException.
      throw new ModelLoadException(
          files.tokenizerFile + " is not a tokenizer the Hugging Face tokenizers library accepts: "
              + e.getMessage(), e);
    }
    if (!"DO_NOT_TRUNCATE".equals(tokenizer.getTruncation())
        || !"DO_NOT_PAD".equals(tokenizer.getPadding())) {
      tokenizer.close();
      throw new ModelLoadException(
          "DJL ignored the options that switch truncation and padding off (truncation "
              + tokenizer.getTruncation() + ", padding " + tokenizer.getPadding()
              + "); this DJL version is not supported");
    }
    HfTokenizer loaded = new HfTokenizer(tokenizer, files);
    LOG.info(
        "Loaded tokenizer {}: vocabSize {}, bos {}, eos {}, pad {}, chat template {}",
        files.tokenizerFile, files.vocabSize, describe(files.bosId), files.eosIds,
        describe(files.padId),
        files.chatTemplate.map(HfModelFiles.TemplateSource::origin).orElse("none"));
    return loaded;
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    Objects.requireNonNull(text, "text");
    long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
    int[] result = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      result[i] = Math.toIntExact(ids[i]);
    }
    return result;
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    Objects.requireNonNull(ids, "ids");
    long[] longIds = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      // The native decoder silently drops ids it does not know; reject them instead.
      if (ids[i] < 0 || ids[i] >= files.vocabSize) {
        throw new IllegalArgumentException(
            "token id " + ids[i] + " at position " + i + " is outside the vocabulary [0, "
                + files.vocabSize + ") of " + files.tokenizerFile);
      }
      longIds[i] = ids[i];
    }
    return tokenizer.decode(longIds, skipSpecialTokens);
  }

  @Override
  public int vocabSize() {
    return files.vocabSize;
  }

  @Override
  public OptionalInt bosId() {
    return files.bosId;
  }

  @Override
  public Set<Integer> eosIds() {
    return files.eosIds;
  }

  @Override
  public OptionalInt padId() {
    return files.padId;
  }

  /**
   * The checkpoint's chat template, with this tokenizer's {@code bos_token} and {@code eos_token}
   * text bound, or empty if the folder declares none (then use {@link ChatTemplate#fallback()}).
   *
   * @throws ai.tao.api.ConfigurationException if the template does not parse under Jinjava
   */
  @Override
  public Optional<ChatTemplate> chatTemplate() {
    if (files.chatTemplate.isEmpty()) {
      return Optional.empty();
    }
    ChatTemplate template = chatTemplate;
    if (template == null) {
      HfModelFiles.TemplateSource source = files.chatTemplate.get();
      template =
          ChatTemplate.builder()
              .source(source.source())
              .origin(source.origin())
              .bosToken(files.bosToken)
              .eosToken(files.eosToken)
              .build();
      chatTemplate = template;
    }
    return Optional.of(template);
  }

  /** The model folder this tokenizer was loaded from. */
  public Path modelDir() {
    return files.dir;
  }

  @Override
  public Optional<Path> sourceDir() {
    return Optional.of(files.dir);
  }

  /** Tokenizer files copied along when a policy loaded from a folder is saved. */
  private static final List<String> FILES =
      List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json", "special_tokens_map.json");

  /** Copies the folder's tokenizer files (those it has of {@link #FILES}) into {@code modelDir}. */
  @Override
  public void writeTo(Path modelDir) {
    if (files.dir.toAbsolutePath().equals(modelDir.toAbsolutePath())) {
      return;
    }
    try {
      Files.createDirectories(modelDir);
      for (String f : FILES) {
        Path src = files.dir.resolve(f);
        if (Files.isRegularFile(src)) {
          Files.copy(src, modelDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new ai.tao.api.OutputException("cannot write tokenizer files to " + modelDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "HfTokenizer[" + files.tokenizerFile + ", vocabSize=" + files.vocabSize + "]";
  }

  private static String describe(OptionalInt id) {
    return id.isPresent() ? Integer.toString(id.getAsInt()) : "none";
  }
}
