package ai.tao.core.data;

import ai.tao.api.ChatMessage;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one JSONL prompt file into prompts, following the format described on {@link PromptFiles}.
 *
 * <p>Malformed lines fail the read or, when skipping is on, are skipped and counted. Label-like
 * fields always fail the read: skipping them would hide that a labelled dataset was handed in.
 */
final class JsonlPromptReader {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlPromptReader.class);

  /** Skipped lines logged one by one per file; the rest only in the summary. */
  private static final int MAX_LOGGED_SKIPS = 5;

  private static final Set<String> KNOWN_FIELDS = Set.of("id", "prompt", "text", "messages", "metadata");

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** A file's prompts in file order, their content keys, and what reading it found. */
  record Result(List<Prompt> prompts, List<PromptKey> keys, PromptFileStats stats) {}

  /** A line that is not a valid prompt; the message says what is wrong with it. */
  private static final class MalformedLine extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedLine(String message) {
      super(message, null, false, false);
    }
  }

  private final boolean skipMalformed;
  private final Set<String> ignoreFields;

  JsonlPromptReader(boolean skipMalformed, Set<String> ignoreFields) {
    this.skipMalformed = skipMalformed;
    this.ignoreFields = Set.copyOf(ignoreFields);
  }

  /**
   * @throws DataInputException if the file cannot be read, is not UTF-8, has a label-like field, has
   *     a malformed line (unless skipping), or yields no prompts
   */
  Result read(Path file) {
    String fileName = file.getFileName().toString();
    List<Prompt> prompts = new ArrayList<>();
    List<PromptKey> keys = new ArrayList<>();
    Map<PromptKey, Integer> lineOfContent = new HashMap<>();
    Map<String, Integer> lineOfId = new HashMap<>();
    Map<String, Integer> unknownFields = new LinkedHashMap<>();
    int linesRead = 0;
    int malformed = 0;
    int duplicates = 0;
    int lineNo = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = readLine(reader, file, lineNo + 1)) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        linesRead++;
        List<String> unknownHere = new ArrayList<>();
        try {
          Prompt prompt = parse(line, file, fileName, lineNo, unknownHere);
          PromptKey key = PromptKey.of(prompt);
          Integer firstLine = lineOfContent.putIfAbsent(key, lineNo);
          if (firstLine != null) {
            duplicates++;
            LOG.debug("{}:{} repeats line {}; dropped", file, lineNo, firstLine);
          } else {
            Integer idLine = lineOfId.putIfAbsent(prompt.id(), lineNo);
            if (idLine != null) {
              lineOfContent.remove(key);
              throw new MalformedLine(
                  "id '" + prompt.id() + "' is already used on line " + idLine
                      + " by a different prompt; ids must be unique within a file");
            }
            prompts.add(prompt);
            keys.add(key);
          }
          for (String name : unknownHere) {
            unknownFields.merge(name, 1, Integer::sum);
          }
        } catch (MalformedLine e) {
          if (!skipMalformed) {
            throw new DataInputException(
                file + ":" + lineNo + ": " + e.getMessage()
                    + ". Fix the line, or build the source with skipMalformed(true) to skip such lines");
          }
          malformed++;
          if (malformed <= MAX_LOGGED_SKIPS) {
            LOG.warn("Skipping malformed line {}:{}: {}", file, lineNo, e.getMessage());
          }
        }
      }
    } catch (NoSuchFileException e) {
      throw new DataInputException("prompt file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new DataInputException("cannot read prompt file " + file + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, Integer> e : unknownFields.entrySet()) {
      LOG.warn(
          "{}: ignored unknown field '{}' on {} lines (list it in ignoreFields to silence this)",
          file, e.getKey(), e.getValue());
    }
    if (prompts.isEmpty()) {
      throw new DataInputException(
          "no prompts in " + file + " (" + linesRead + " lines read, " + malformed
              + " skipped as malformed, " + duplicates + " duplicates)");
    }
    PromptFileStats stats =
        new PromptFileStats(file, linesRead, prompts.size(), malformed, duplicates, 0, unknownFields);
    LOG.info("Read {}", stats.summary());
    return new Result(List.copyOf(prompts), List.copyOf(keys), stats);
  }

  private static String readLine(BufferedReader reader, Path file, int lineNo) throws IOException {
    try {
      return reader.readLine();
    } catch (CharacterCodingException e) {
      throw new DataInputException(
          file + ":" + lineNo + ": not valid UTF-8 text; prompt files must be UTF-8 encoded", e);
    }
  }

  private Prompt parse(String line, Path file, String fileName, int lineNo, List<String> unknown)
      throws MalformedLine {
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedLine(
          "not valid JSON at column " + e.getLocation().getColumnNr() + " (" + e.getOriginalMessage()
              + ")");
    }
    if (!root.isObject()) {
      throw new MalformedLine("expected a JSON object, got " + kind(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (KNOWN_FIELDS.contains(name) || ignoreFields.contains(name)) {
        continue;
      }
      if (LabelFields.isLabelLike(name)) {
        throw labelField(file, lineNo, name);
      }
      unknown.add(name);
    }

    JsonNode promptNode = root.get("prompt");
    JsonNode textNode = root.get("text");
    JsonNode messagesNode = root.get("messages");
    if (promptNode != null && textNode != null) {
      throw new MalformedLine("has both 'prompt' and 'text' ('text' is an alias of 'prompt'); keep one");
    }
    JsonNode plain = promptNode != null ? promptNode : textNode;
    String plainName = promptNode != null ? "prompt" : "text";
    if (plain != null && messagesNode != null) {
      throw new MalformedLine("has both '" + plainName + "' and 'messages'; give exactly one of them");
    }
    if (plain == null && messagesNode == null) {
      throw new MalformedLine("has neither 'prompt' (or 'text') nor 'messages'; give exactly one");
    }

    String id = parseId(root.get("id"), fileName + ":" + lineNo);
    Map<String, String> metadata = parseMetadata(root.get("metadata"), file, lineNo);
    metadata.putIfAbsent("source", fileName);
    metadata.putIfAbsent("line", Integer.toString(lineNo));

    if (plain != null) {
      if (!plain.isTextual()) {
        throw new MalformedLine("'" + plainName + "' must be a string, got " + kind(plain));
      }
      if (plain.asText().isBlank()) {
        throw new MalformedLine("'" + plainName + "' is blank");
      }
      return new Prompt(id, plain.asText(), List.of(), metadata);
    }
    return new Prompt(id, null, parseMessages(messagesNode, file, lineNo, unknown), metadata);
  }

  private static String parseId(JsonNode node, String defaultId) throws MalformedLine {
    if (node == null) {
      return defaultId;
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    if (!node.isTextual()) {
      throw new MalformedLine("'id' must be a string or an integer, got " + kind(node));
    }
    if (node.asText().isBlank()) {
      throw new MalformedLine("'id' is blank; leave it out to get the default FILE:LINE id");
    }
    return node.asText();
  }

  private Map<String, String> parseMetadata(JsonNode node, Path file, int lineNo)
      throws MalformedLine {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (node == null) {
      return metadata;
    }
    if (!node.isObject()) {
      throw new MalformedLine("'metadata' must be an object of strings, got " + kind(node));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String qualified = "metadata." + e.getKey();
      if (ignoreFields.contains(qualified)) {
        continue;
      }
      if (LabelFields.isLabelLike(e.getKey())) {
        throw labelField(file, lineNo, qualified);
      }
      if (e.getKey().isBlank()) {
        throw new MalformedLine("'metadata' has a blank key");
      }
      if (!e.getValue().isTextual()) {
        throw new MalformedLine(
            "'" + qualified + "' must be a string, got " + kind(e.getValue()));
      }
      metadata.put(e.getKey(), e.getValue().asText());
    }
    return metadata;
  }

  private static List<ChatMessage> parseMessages(
      JsonNode node, Path file, int lineNo, List<String> unknown) throws MalformedLine {
    if (!node.isArray()) {
      throw new MalformedLine(
          "'messages' must be an array of {role, content} objects, got " + kind(node));
    }
    if (node.isEmpty()) {
      throw new MalformedLine("'messages' is empty");
    }
    List<ChatMessage> messages = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      String where = "'messages[" + i + "]'";
      if (!m.isObject()) {
        throw new MalformedLine(where + " must be a {role, content} object, got " + kind(m));
      }
      JsonNode role = m.get("role");
      JsonNode content = m.get("content");
      if (role == null || !role.isTextual() || role.asText().isBlank()) {
        throw new MalformedLine(where + " needs a non-blank string 'role'");
      }
      if (content == null || !content.isTextual()) {
        throw new MalformedLine(
            where + " needs a string 'content', got " + (content == null ? "none" : kind(content)));
      }
      for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals("role") && !name.equals("content")) {
          unknown.add("messages[]." + name);
        }
      }
      messages.add(new ChatMessage(role.asText(), content.asText()));
    }
    if (messages.get(messages.size() - 1).role().equals(ChatMessage.ASSISTANT)) {
      throw new DataInputException(
          file + ":" + lineNo + ": prompt files carry inputs only, but this line's messages end"
              + " with an 'assistant' turn, which is an answer (a label). TAO tunes without labels;"
              + " remove the final assistant message so the conversation ends with the turn the"
              + " model should answer");
    }
    return messages;
  }

  private static DataInputException labelField(Path file, int lineNo, String name) {
    return new DataInputException(
        file + ":" + lineNo + ": prompt files carry inputs only; line " + lineNo + " has a '" + name
            + "' field, which looks like a label (an answer or expected output). TAO tunes without"
            + " labels, so none may reach it: remove the field from the file, or, if it is not a"
            + " label, list it in ignoreFields(...) to drop it unread");
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
