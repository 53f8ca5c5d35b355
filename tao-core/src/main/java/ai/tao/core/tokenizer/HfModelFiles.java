package ai.tao.core.tokenizer;

import ai.tao.api.ModelLoadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a Hugging Face model folder says about its tokenizer, read with Jackson before any native
 * call: vocabulary size, special token ids and the chat template.
 *
 * <p>Sources, per field:
 *
 * <ul>
 *   <li>vocabulary size: one more than the largest id in {@code tokenizer.json} ({@code model.vocab}
 *       and {@code added_tokens}).
 *   <li>BOS and padding: the {@code bos_token} / {@code pad_token} of {@code tokenizer_config.json}
 *       (a string or a {@code {"content": ...}} object), looked up in {@code tokenizer.json}; else
 *       {@code bos_token_id} / {@code pad_token_id} of {@code generation_config.json}, else of
 *       {@code config.json}.
 *   <li>EOS: the union of {@code tokenizer_config.json}'s {@code eos_token} and the {@code
 *       eos_token_id} (an int or a list) of {@code generation_config.json} and {@code config.json}.
 *       Chat checkpoints list their end-of-turn token only in some of these (Llama 3.1:
 *       {@code <|eot_id|>} only in generation_config.json), and stopping late is worse than
 *       stopping on any of them.
 *   <li>chat template: {@code chat_template.jinja}, else {@code chat_template.json}'s {@code
 *       chat_template}, else {@code tokenizer_config.json}'s {@code chat_template} (a string, or a
 *       list of {@code {"name", "template"}} from which "default" is taken) — the order
 *       transformers uses.
 * </ul>
 */
final class HfModelFiles {

  static final String TOKENIZER_JSON = "tokenizer.json";
  static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";
  static final String CONFIG_JSON = "config.json";
  static final String GENERATION_CONFIG_JSON = "generation_config.json";
  static final String CHAT_TEMPLATE_JINJA = "chat_template.jinja";
  static final String CHAT_TEMPLATE_JSON = "chat_template.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A chat template's Jinja source and where it came from (for error messages). */
  record TemplateSource(String source, String origin) {}

  final Path dir;
  final Path tokenizerFile;
  final int vocabSize;
  final OptionalInt bosId;
  final Set<Integer> eosIds;
  final OptionalInt padId;
  /** {@code bos_token} / {@code eos_token} text for chat templates; empty when not declared. */
  final String bosToken;

  final String eosToken;
  final Optional<TemplateSource> chatTemplate;

  private HfModelFiles(Path dir) {
    this.dir = dir;
    this.tokenizerFile = dir.resolve(TOKENIZER_JSON);
    JsonNode tokenizer = readJson(tokenizerFile);
    Vocabulary vocab = new Vocabulary(tokenizer, tokenizerFile);
    this.vocabSize = vocab.size;

    Path tokenizerConfigFile = dir.resolve(TOKENIZER_CONFIG_JSON);
    Path generationConfigFile = dir.resolve(GENERATION_CONFIG_JSON);
    Path configFile = dir.resolve(CONFIG_JSON);
    JsonNode tokenizerConfig = readOptionalJson(tokenizerConfigFile);
    JsonNode generationConfig = readOptionalJson(generationConfigFile);
    JsonNode config = readOptionalJson(configFile);

    Optional<String> bos = tokenText(tokenizerConfig, "bos_token", tokenizerConfigFile);
    Optional<String> eos = tokenText(tokenizerConfig, "eos_token", tokenizerConfigFile);
    Optional<String> pad = tokenText(tokenizerConfig, "pad_token", tokenizerConfigFile);
    this.bosToken = bos.orElse("");
    this.eosToken = eos.orElse("");

    this.bosId =
        firstPresent(
            vocab.idOf(bos, "bos_token", tokenizerConfigFile),
            firstId(generationConfig, "bos_token_id", generationConfigFile),
            firstId(config, "bos_token_id", configFile));
    this.padId =
        firstPresent(
            vocab.idOf(pad, "pad_token", tokenizerConfigFile),
            firstId(generationConfig, "pad_token_id", generationConfigFile),
            firstId(config, "pad_token_id", configFile));
    Set<Integer> eosIds = new LinkedHashSet<>();
    vocab.idOf(eos, "eos_token", tokenizerConfigFile).ifPresent(eosIds::add);
    eosIds.addAll(ids(generationConfig, "eos_token_id", generationConfigFile));
    eosIds.addAll(ids(config, "eos_token_id", configFile));
    this.eosIds = Collections.unmodifiableSet(eosIds);

    checkInVocabulary(bosId, "BOS");
    checkInVocabulary(padId, "padding");
    eosIds.forEach(id -> checkInVocabulary(OptionalInt.of(id), "EOS"));

    this.chatTemplate = findChatTemplate(tokenizerConfig, tokenizerConfigFile);
  }

  /**
   * Reads the folder. Fails before any native call when {@code tokenizer.json} is missing or is not
   * JSON.
   */
  static HfModelFiles read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("Model folder " + dir + " does not exist or is not a folder");
    }
    if (!Files.isRegularFile(dir.resolve(TOKENIZER_JSON))) {
      throw new ModelLoadException(
          "No " + TOKENIZER_JSON + " in model folder " + dir + " (looked for "
              + dir.resolve(TOKENIZER_JSON) + "). Hugging Face checkpoints ship one; "
              + "a slow-tokenizer-only checkpoint (tokenizer.model alone) must be converted first.");
    }
    return new HfModelFiles(dir);
  }

  private void checkInVocabulary(OptionalInt id, String what) {
    if (id.isPresent() && (id.getAsInt() < 0 || id.getAsInt() >= vocabSize)) {
      throw new ModelLoadException(
          dir + ": the " + what + " token id " + id.getAsInt() + " is outside the vocabulary of "
              + tokenizerFile + " (size " + vocabSize + ")");
    }
  }

  private Optional<TemplateSource> findChatTemplate(JsonNode tokenizerConfig, Path tokenizerConfigFile) {
    Path jinja = dir.resolve(CHAT_TEMPLATE_JINJA);
    if (Files.isRegularFile(jinja)) {
      try {
        return Optional.of(
            new TemplateSource(Files.readString(jinja, StandardCharsets.UTF_8), jinja.toString()));
      } catch (IOException e) {
        throw new ModelLoadException("Cannot read " + jinja + ": " + e.getMessage(), e);
      }
    }
    Path json = dir.resolve(CHAT_TEMPLATE_JSON);
    JsonNode chatTemplateJson = readOptionalJson(json);
    if (chatTemplateJson != null && chatTemplateJson.hasNonNull("chat_template")) {
      return Optional.of(templateFrom(chatTemplateJson.get("chat_template"), json));
    }
    if (tokenizerConfig != null && tokenizerConfig.hasNonNull("chat_template")) {
      return Optional.of(templateFrom(tokenizerConfig.get("chat_template"), tokenizerConfigFile));
    }
    return Optional.empty();
  }

  private static TemplateSource templateFrom(JsonNode node, Path file) {
    String origin = file + " (chat_template)";
    if (node.isTextual()) {
      return new TemplateSource(node.asText(), origin);
    }
    if (node.isArray()) {
      List<String> names = new ArrayList<>();
      for (JsonNode entry : node) {
        String name = entry.path("name").asText("");
        names.add(name);
        if (name.equals("default") && entry.path("template").isTextual()) {
          return new TemplateSource(entry.get("template").asText(), file + " (chat_template \"default\")");
        }
      }
      throw new ModelLoadException(
          file + ": chat_template is a list of named templates " + names
              + " without one named \"default\"; pass the one you want to ChatTemplate.builder()");
    }
    throw new ModelLoadException(
        file + ": chat_template must be a string or a list of {name, template}, found " + node.getNodeType());
  }

  /** {@code bos_token} etc.: a string, a {@code {"content": ...}} object, or null/absent. */
  private static Optional<String> tokenText(JsonNode config, String field, Path file) {
    if (config == null || !config.hasNonNull(field)) {
      return Optional.empty();
    }
    JsonNode node = config.get(field);
    if (node.isTextual()) {
      return Optional.of(node.asText());
    }
    if (node.isObject() && node.path("content").isTextual()) {
      return Optional.of(node.get("content").asText());
    }
    throw new ModelLoadException(
        file + ": " + field + " must be a string or an object with a \"content\" string, found " + node);
  }

  private static OptionalInt firstId(JsonNode config, String field, Path file) {
    List<Integer> ids = ids(config, field, file);
    return ids.isEmpty() ? OptionalInt.empty() : OptionalInt.of(ids.get(0));
  }

  /** An id field that may be absent, null, an int, or a list of ints. */
  private static List<Integer> ids(JsonNode config, String field, Path file) {
    if (config == null || !config.hasNonNull(field)) {
      return List.of();
    }
    JsonNode node = config.get(field);
    List<Integer> ids = new ArrayList<>();
    if (node.isIntegralNumber()) {
      ids.add(node.asInt());
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (!element.isIntegralNumber()) {
          throw new ModelLoadException(file + ": " + field + " must hold integers, found " + node);
        }
        ids.add(element.asInt());
      }
    } else {
      throw new ModelLoadException(
          file + ": " + field + " must be an integer or a list of integers, found " + node);
    }
    return ids;
  }

  private static OptionalInt firstPresent(OptionalInt... candidates) {
    for (OptionalInt candidate : candidates) {
      if (candidate.isPresent()) {
        return candidate;
      }
    }
    return OptionalInt.empty();
  }

  private static JsonNode readOptionalJson(Path file) {
    return Files.isRegularFile(file) ? readJson(file) : null;
  }

  private static JsonNode readJson(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ModelLoadException(file + " does not hold a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ModelLoadException(
          file + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Token text to id, from {@code tokenizer.json}'s {@code added_tokens} and {@code model.vocab}. */
  private static final class Vocabulary {
    final int size;
    private final JsonNode addedTokens;
    private final JsonNode modelVocab;

    Vocabulary(JsonNode tokenizer, Path file) {
      this.addedTokens = tokenizer.path("added_tokens");
      this.modelVocab = tokenizer.path("model").path("vocab");
      int maxId = -1;
      for (JsonNode added : addedTokens) {
        maxId = Math.max(maxId, added.path("id").asInt(-1));
      }
      if (modelVocab.isObject()) {
        // BPE, WordPiece, WordLevel: {"token": id, ...}
        for (JsonNode id : modelVocab) {
          maxId = Math.max(maxId, id.asInt(-1));
        }
      } else if (modelVocab.isArray()) {
        // Unigram: [["piece", score], ...], the id is the position.
        maxId = Math.max(maxId, modelVocab.size() - 1);
      }
      if (maxId < 0) {
        throw new ModelLoadException(
            file + " declares no tokens (neither model.vocab nor added_tokens hold any)");
      }
      this.size = maxId + 1;
    }

    OptionalInt idOf(Optional<String> token, String field, Path configFile) {
      return token.isPresent() ? OptionalInt.of(idOf(token.get(), field, configFile)) : OptionalInt.empty();
    }

    int idOf(String token, String field, Path configFile) {
      for (JsonNode added : addedTokens) {
        if (token.equals(added.path("content").asText(null))) {
          return added.path("id").asInt();
        }
      }
      if (modelVocab.isObject() && modelVocab.path(token).isIntegralNumber()) {
        return modelVocab.get(token).asInt();
      }
      if (modelVocab.isArray()) {
        for (int i = 0; i < modelVocab.size(); i++) {
          if (token.equals(modelVocab.get(i).path(0).asText(null))) {
            return i;
          }
        }
      }
      throw new ModelLoadException(
          configFile + ": " + field + " \"" + token + "\" is not a token of "
              + configFile.resolveSibling(TOKENIZER_JSON));
    }
  }
}
