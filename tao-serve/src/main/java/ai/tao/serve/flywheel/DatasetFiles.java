package ai.tao.serve.flywheel;

import ai.tao.api.ChatMessage;
import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import ai.tao.api.Prompt;
import ai.tao.core.data.PromptFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The files of a {@link TablePromptSource} directory: each round's prompts in the JSONL format of
 * {@link PromptFiles} (so that any prompt source of {@code ai.tao.core.data} reads them back), its
 * manifest, and the committed watermark. Every file is written whole or not at all ({@link
 * AtomicFiles}).
 */
final class DatasetFiles {
  private DatasetFiles() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The last committed round and the watermark after it: the state's commit record. */
  record Committed(int round, long watermark) {
    /** Before the first commit: no round, every row of the table still to read. */
    static final Committed NONE = new Committed(-1, 0L);
  }

  /** Writes {@code prompts} as JSONL: per line {@code id}, {@code prompt} or {@code messages}, and {@code metadata}. */
  static void writePrompts(Path file, List<Prompt> prompts) {
    StringBuilder out = new StringBuilder();
    for (Prompt p : prompts) {
      ObjectNode line = JSON.createObjectNode().put("id", p.id());
      if (p.isChat()) {
        ArrayNode messages = line.putArray("messages");
        for (ChatMessage m : p.messages()) {
          messages.addObject().put("role", m.role()).put("content", m.content());
        }
      } else {
        line.put("prompt", p.text());
      }
      ObjectNode metadata = line.putObject("metadata");
      p.metadata().forEach(metadata::put);
      out.append(line).append('\n');
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a dataset back with the prompt file reader of {@code ai.tao.core.data}.
   *
   * @throws DataInputException if the file cannot be read, or does not hold {@code expected} prompts
   */
  static List<Prompt> readPrompts(Path file, int expected) {
    if (expected == 0) {
      return List.of(); // the reader refuses a file without prompts, and this one was written empty on purpose
    }
    List<Prompt> prompts = PromptFiles.jsonl(file).build().prompts(0);
    if (prompts.size() != expected) {
      throw new DataInputException("dataset " + file + " holds " + prompts.size() + " prompts, but its manifest says "
          + expected + "; the file was changed after it was written: restore it, or delete it and its manifest"
          + " to read its rows again");
    }
    return prompts;
  }

  static void writeManifest(Path file, DatasetManifest m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("round", m.round()).put("loopRound", m.loopRound()).put("file", m.file())
        .put("createdAt", m.createdAt().toString()).put("watermarkFrom", m.watermarkFrom())
        .put("watermarkTo", m.watermarkTo()).put("rowsRead", m.rowsRead())
        .put("skippedMalformed", m.skippedMalformed()).put("skippedUnusable", m.skippedUnusable());
    ObjectNode pii = n.putObject("pii");
    pii.put("email", m.pii().email()).put("phone", m.pii().phone()).put("card", m.pii().card())
        .put("secret", m.pii().secret());
    n.put("exactDuplicates", m.exactDuplicates()).put("nearDuplicates", m.nearDuplicates())
        .put("difficultyFiltered", m.difficultyFiltered()).put("tooEasy", m.tooEasy()).put("kept", m.kept());
    write(file, n);
  }

  /**
   * @throws DataInputException if the manifest cannot be read or a field is missing
   */
  static DatasetManifest readManifest(Path file) {
    JsonNode n = read(file);
    JsonNode pii = field(n, "pii", file);
    try {
      return new DatasetManifest(integer(n, "round", file), integer(n, "loopRound", file),
          field(n, "file", file).asText(), Instant.parse(field(n, "createdAt", file).asText()),
          field(n, "watermarkFrom", file).asLong(), field(n, "watermarkTo", file).asLong(),
          integer(n, "rowsRead", file), integer(n, "skippedMalformed", file), integer(n, "skippedUnusable", file),
          new PiiCounts(integer(pii, "email", file), integer(pii, "phone", file), integer(pii, "card", file),
              integer(pii, "secret", file)),
          integer(n, "exactDuplicates", file), integer(n, "nearDuplicates", file),
          field(n, "difficultyFiltered", file).asBoolean(), integer(n, "tooEasy", file), integer(n, "kept", file));
    } catch (DateTimeParseException e) {
      throw new DataInputException("dataset manifest " + file + ": createdAt is not an ISO-8601 instant: "
          + e.getParsedString(), e);
    }
  }

  static void writeCommitted(Path file, Committed c) {
    write(file, JSON.createObjectNode().put("round", c.round()).put("watermark", c.watermark()));
  }

  /**
   * @throws DataInputException if the record cannot be read or a field is missing
   */
  static Committed readCommitted(Path file) {
    JsonNode n = read(file);
    return new Committed(integer(n, "round", file), field(n, "watermark", file).asLong());
  }

  private static void write(Path file, ObjectNode n) {
    try {
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    } catch (JsonProcessingException e) {
      throw new OutputException("cannot encode " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      JsonNode n = JSON.readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw new DataInputException(file + " is not a JSON object; restore it from a backup");
      }
      return n;
    } catch (IOException e) {
      throw new DataInputException("cannot read " + file + ": " + e.getMessage() + "; restore it from a backup", e);
    }
  }

  private static JsonNode field(JsonNode n, String name, Path file) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      throw new DataInputException(file + " has no '" + name + "'; the file is damaged, restore it from a backup");
    }
    return v;
  }

  private static int integer(JsonNode n, String name, Path file) {
    JsonNode v = field(n, name, file);
    if (!v.canConvertToInt()) {
      throw new DataInputException(file + ": '" + name + "' must be an integer, got " + v);
    }
    return v.asInt();
  }
}
