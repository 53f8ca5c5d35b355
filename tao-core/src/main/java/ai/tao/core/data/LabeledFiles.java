package ai.tao.core.data;

import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.core.train.LabeledExample;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads labeled (prompt, response) pairs for supervised fine-tuning and evaluation: one JSON object
 * per line, {@code {"id": "q1", "prompt": "...", "response": "..."}} ({@code id} optional: the
 * file name and line number then). These files are for SFT and graders only; {@link PromptFiles},
 * which feeds TAO, refuses label fields.
 *
 * @since 0.2
 */
public final class LabeledFiles {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private LabeledFiles() {}

  /** Reads {@code file} with the fields {@code prompt} and {@code response}. */
  public static List<LabeledExample> jsonl(Path file) {
    return jsonl(file, "prompt", "response");
  }

  /**
   * Reads {@code file}, taking the prompt text and the response from the named fields.
   *
   * @throws DataInputException naming the file and line of a malformed line, a missing or non-text
   *     field, a duplicate id, or a file with no examples
   */
  public static List<LabeledExample> jsonl(Path file, String promptField, String responseField) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(promptField, "promptField");
    Objects.requireNonNull(responseField, "responseField");
    List<LabeledExample> out = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String where = file + ":" + n;
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new DataInputException(where + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
          throw new DataInputException(where + " is not a JSON object");
        }
        String prompt = text(node, promptField, where);
        String response = text(node, responseField, where);
        String id = node.hasNonNull("id") ? node.get("id").asText() : file.getFileName() + ":" + n;
        if (!ids.add(id)) {
          throw new DataInputException(where + " repeats id '" + id + "'");
        }
        out.add(new LabeledExample(Prompt.ofText(id, prompt), response));
      }
    } catch (IOException e) {
      throw new DataInputException("cannot read labeled file " + file + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new DataInputException("labeled file " + file + " holds no examples");
    }
    return out;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new DataInputException(where + " needs a text field \"" + field + "\"" + (v == null ? "" : ", got " + v));
    }
    return v.asText();
  }
}
