package ai.tao.core.reward;

import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Preference pairs as JSON Lines: one object per line with string fields {@code prompt}, {@code
 * chosen} and {@code rejected}, and an optional number {@code margin}. Blank lines are skipped.
 *
 * @since 0.3
 */
public final class PreferencePairs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PreferencePairs() {}

  /**
   * Reads every pair of {@code file}.
   *
   * @throws DataInputException naming the file and line of the first bad record
   */
  public static List<PreferencePair> read(Path file) {
    List<PreferencePair> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        out.add(parse(line, file + ":" + no));
      }
    } catch (IOException e) {
      throw new DataInputException("cannot read preference pairs from " + file + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new DataInputException(file + " holds no preference pairs");
    }
    return out;
  }

  private static PreferencePair parse(String line, String where) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new DataInputException(where + ": not a JSON object (" + e.getOriginalMessage() + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw new DataInputException(where + ": expected a JSON object with prompt, chosen and rejected");
    }
    for (String field : List.of("prompt", "chosen", "rejected")) {
      if (!n.path(field).isTextual()) {
        throw new DataInputException(where + ": field '" + field + "' is missing or not a string; each line"
            + " needs string fields prompt, chosen and rejected");
      }
    }
    JsonNode margin = n.path("margin");
    if (!margin.isMissingNode() && !margin.isNull() && !margin.isNumber()) {
      throw new DataInputException(where + ": field 'margin' must be a number, got " + margin);
    }
    try {
      return new PreferencePair(n.get("prompt").asText(), n.get("chosen").asText(), n.get("rejected").asText(),
          margin.isNumber() ? margin.asDouble() : 0);
    } catch (DataInputException e) {
      throw new DataInputException(where + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code pairs} to {@code file} (replacing it), one JSON object per line. */
  public static void write(Path file, List<PreferencePair> pairs) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (PreferencePair p : pairs) {
        ObjectNode n = JSON.createObjectNode();
        n.put("prompt", p.prompt());
        n.put("chosen", p.chosen());
        n.put("rejected", p.rejected());
        if (p.margin() != 0) {
          n.put("margin", p.margin());
        }
        w.write(JSON.writeValueAsString(n));
        w.newLine();
      }
    } catch (IOException e) {
      throw new OutputException("cannot write preference pairs to " + file + ": " + e.getMessage(), e);
    }
  }
}
