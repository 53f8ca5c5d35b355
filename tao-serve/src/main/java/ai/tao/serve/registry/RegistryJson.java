package ai.tao.serve.registry;

import ai.tao.api.ConfigurationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's JSON: manifests and history lines, to text and back. Reading is strict: a missing
 * or mistyped field is an {@link IllegalArgumentException} naming it, which the registry reports
 * with the file (and line) it came from.
 */
final class RegistryJson {
  /** The manifest format this code writes and reads. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistryJson() {}

  static String manifest(VersionManifest m) {
    ObjectNode n = JSON.createObjectNode().put("format", FORMAT).put("id", m.id());
    m.parent().ifPresent(p -> n.put("parent", p));
    m.datasetVersion().ifPresent(d -> n.put("dataset_version", d));
    ObjectNode settings = n.putObject("settings");
    m.settings().forEach(settings::put);
    ObjectNode metrics = n.putObject("metrics");
    m.metrics().forEach(metrics::put);
    n.put("created_at", m.createdAt().toString()).put("status", m.status().name().toLowerCase(Locale.ROOT));
    return n.toPrettyString() + "\n";
  }

  static VersionManifest manifest(String text) {
    JsonNode n = tree(text);
    int format = n.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IllegalArgumentException("format is " + n.path("format") + ", this code reads format " + FORMAT);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    object(n, "settings").fields().forEachRemaining(e -> settings.put(e.getKey(), textOf(e.getValue(), "settings."
        + e.getKey())));
    Map<String, Double> metrics = new LinkedHashMap<>();
    object(n, "metrics").fields().forEachRemaining(e -> {
      if (!e.getValue().isNumber()) {
        throw new IllegalArgumentException("metrics." + e.getKey() + " is " + e.getValue() + ", not a number");
      }
      metrics.put(e.getKey(), e.getValue().doubleValue());
    });
    try {
      return new VersionManifest(text(n, "id"), optionalText(n, "parent"), optionalText(n, "dataset_version"),
          settings, metrics, instant(n, "created_at"), status(text(n, "status")));
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static String historyLine(HistoryEntry e) {
    ObjectNode n = JSON.createObjectNode().put("at", e.at().toString())
        .put("change", e.change().name().toLowerCase(Locale.ROOT));
    e.from().ifPresent(f -> n.put("from", f));
    return n.put("to", e.to()).toString();
  }

  static HistoryEntry historyLine(String line) {
    JsonNode n = tree(line);
    String change = text(n, "change");
    HistoryEntry.Change c;
    try {
      c = HistoryEntry.Change.valueOf(change.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("change is '" + change + "', not promote or rollback", e);
    }
    try {
      return new HistoryEntry(instant(n, "at"), c, optionalText(n, "from"), text(n, "to"));
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static JsonNode tree(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return n;
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isObject()) {
      throw new IllegalArgumentException("field '" + field + "' is " + (v.isMissingNode() ? "missing" : v)
          + ", not an object");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    return textOf(n.path(field), field);
  }

  private static String textOf(JsonNode v, String field) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is " + (v.isMissingNode() ? "missing" : v)
          + ", not a string");
    }
    return v.asText();
  }

  private static Optional<String> optionalText(JsonNode n, String field) {
    return n.has(field) ? Optional.of(text(n, field)) : Optional.empty();
  }

  private static Instant instant(JsonNode n, String field) {
    String s = text(n, field);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + field + "' is '" + s + "', not an ISO-8601 instant", e);
    }
  }

  private static VersionStatus status(String s) {
    try {
      return VersionStatus.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("status is '" + s + "', not candidate, approved or rejected", e);
    }
  }
}
