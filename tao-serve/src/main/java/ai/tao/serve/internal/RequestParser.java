package ai.tao.serve.internal;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.api.TaoException;
import ai.tao.serve.table.Inference;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a request body into a {@link CompletionRequest}, or an {@link ApiError} 400 that names the
 * field, what was wrong and what to send instead.
 *
 * <p>Honoured fields: {@code model}, {@code messages} (chat: {@code role} and {@code content}, a
 * string or an array of {@code {"type":"text","text":…}} parts) or {@code prompt} (completions: a
 * string, or an array of one string), {@code max_tokens} (chat also {@code max_completion_tokens}),
 * {@code temperature}, {@code top_p}, {@code top_k} (an extension), {@code n}, {@code stop}, {@code
 * seed}, {@code stream}, {@code stream_options.include_usage}. A field set to {@code null} counts as
 * absent. Other fields ({@code user}, {@code presence_penalty}, {@code logprobs}, …) are ignored.
 */
public final class RequestParser {
  /** Most stop strings, as in OpenAI's API. */
  public static final int MAX_STOP = 4;

  /** Rejects duplicate keys and anything after the top-level value. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * Request limits.
   *
   * @param maxTokens the largest {@code max_tokens} accepted
   * @param defaultMaxTokens {@code max_tokens} when a request gives none
   * @param maxN the largest {@code n} accepted
   */
  public record Limits(int maxTokens, int defaultMaxTokens, int maxN) {}

  private final Limits limits;

  public RequestParser(Limits limits) {
    this.limits = limits;
  }

  /**
   * @param id the response id to give the request
   * @param endpoint {@link Inference#CHAT} or {@link Inference#COMPLETIONS}
   * @throws ApiError 400 naming the field at fault
   */
  public CompletionRequest parse(byte[] body, String id, String endpoint) {
    if (body.length == 0) {
      throw new ApiError(400, ApiError.INVALID_REQUEST, null, "invalid_json",
          "the request body is empty: send a JSON object such as {\"model\":…, "
              + (Inference.CHAT.equals(endpoint) ? "\"messages\":[…]}" : "\"prompt\":\"…\"}"));
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ApiError(400, ApiError.INVALID_REQUEST, null, "invalid_json",
          "the request body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiError(400, ApiError.INVALID_REQUEST, null, "invalid_json",
          "the request body cannot be read as JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ApiError(400, ApiError.INVALID_REQUEST, null, "invalid_json",
          "the request body must be a JSON object, got " + (root == null ? "nothing" : kind(root)));
    }
    return parse((ObjectNode) root, id, endpoint);
  }

  /**
   * The same as {@link #parse(byte[], String, String)}, for a body that is already a JSON tree: how
   * {@link ai.tao.serve.langchain4j.PolicyChatModel} serves a langchain4j request exactly as the
   * gateway serves the same body.
   *
   * @throws ApiError 400 naming the field at fault
   */
  public CompletionRequest parse(ObjectNode root, String id, String endpoint) {
    String model = requiredString(root, "model");
    Prompt prompt = Inference.CHAT.equals(endpoint) ? Prompt.ofMessages(id, messages(root))
        : Prompt.ofText(id, promptText(root));
    boolean stream = bool(root, "stream", false);
    boolean includeUsage = false;
    JsonNode options = present(root, "stream_options");
    if (options != null) {
      if (!options.isObject()) {
        throw ApiError.badField("stream_options", "stream_options must be an object such as"
            + " {\"include_usage\":true}, got " + kind(options));
      }
      includeUsage = bool(options, "include_usage", false, "stream_options.include_usage");
    }
    JsonNode seedNode = present(root, "seed");
    long seed = seedNode == null ? 0L : longValue(seedNode, "seed");
    SamplingParams sampling = sampling(root, endpoint, seed);
    return new CompletionRequest(id, endpoint, model, prompt, sampling, seedNode != null, stream, includeUsage,
        root.toString());
  }

  private SamplingParams sampling(JsonNode root, String endpoint, long seed) {
    String tokensField = "max_tokens";
    JsonNode tokens = present(root, "max_tokens");
    if (tokens == null && Inference.CHAT.equals(endpoint)) {
      tokens = present(root, "max_completion_tokens");
      tokensField = "max_completion_tokens";
    }
    int maxTokens = tokens == null ? limits.defaultMaxTokens() : intIn(tokens, tokensField, 1, limits.maxTokens());
    double temperature = numberIn(root, "temperature", 1.0, 0.0, 2.0, true);
    double topP = numberIn(root, "top_p", 1.0, 0.0, 1.0, false);
    JsonNode topKNode = present(root, "top_k");
    int topK = topKNode == null ? 0 : intIn(topKNode, "top_k", 0, Integer.MAX_VALUE);
    JsonNode nNode = present(root, "n");
    int n = nNode == null ? 1 : intIn(nNode, "n", 1, limits.maxN());
    if (n > 1 && temperature == 0.0) {
      throw ApiError.badField("n", "n " + n + " with temperature 0 (greedy) would return " + n
          + " identical choices: use a temperature above 0 or n 1");
    }
    try {
      return SamplingParams.builder().maxNewTokens(maxTokens).temperature(temperature).topP(topP).topK(topK)
          .candidatesPerPrompt(n).stopStrings(stop(root)).seed(seed).build();
    } catch (TaoException e) { // every rule is checked above; this is a guard, still a client error
      throw ApiError.badField(null, e.getMessage());
    }
  }

  private static List<ChatMessage> messages(JsonNode root) {
    JsonNode messages = present(root, "messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ApiError.badField("messages", "messages must be a non-empty array of {\"role\":…, \"content\":…}"
          + " objects, got " + (messages == null ? "none" : kind(messages)));
    }
    List<ChatMessage> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String at = "messages[" + i + "]";
      if (!m.isObject()) {
        throw ApiError.badField(at, at + " must be an object with role and content, got " + kind(m));
      }
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual() || role.asText().isBlank()) {
        throw ApiError.badField(at + ".role", at + ".role must be a non-empty string such as \"user\", got "
            + (role == null ? "none" : kind(role)));
      }
      out.add(new ChatMessage(role.asText(), content(m.get("content"), at + ".content")));
    }
    return out;
  }

  private static String content(JsonNode content, String at) {
    if (content != null && content.isTextual()) {
      return content.asText();
    }
    if (content != null && content.isArray()) { // [{"type":"text","text":"…"}, …]
      StringBuilder text = new StringBuilder();
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        JsonNode type = part.get("type");
        JsonNode t = part.get("text");
        if (type == null || !"text".equals(type.asText()) || t == null || !t.isTextual()) {
          throw ApiError.badField(at + "[" + j + "]", at + "[" + j + "] must be {\"type\":\"text\",\"text\":…}:"
              + " this server takes text only");
        }
        text.append(t.asText());
      }
      return text.toString();
    }
    throw ApiError.badField(at, at + " must be a string (or an array of text parts), got "
        + (content == null ? "none" : kind(content)));
  }

  private static String promptText(JsonNode root) {
    JsonNode p = present(root, "prompt");
    if (p != null && p.isTextual()) {
      return p.asText();
    }
    if (p != null && p.isArray() && p.size() == 1 && p.get(0).isTextual()) {
      return p.get(0).asText();
    }
    throw ApiError.badField("prompt", "prompt must be a string (or an array of exactly one string), got "
        + (p == null ? "none" : p.isArray() ? "an array of " + p.size() + " elements" : kind(p)));
  }

  private static List<String> stop(JsonNode root) {
    JsonNode stop = present(root, "stop");
    if (stop == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (stop.isTextual()) {
      out.add(stop.asText());
    } else if (stop.isArray() && stop.size() <= MAX_STOP) {
      for (JsonNode s : stop) {
        if (!s.isTextual()) {
          throw ApiError.badField("stop", "stop must hold strings only, got " + kind(s));
        }
        out.add(s.asText());
      }
    } else {
      throw ApiError.badField("stop", "stop must be a string or an array of at most " + MAX_STOP
          + " strings, got " + (stop.isArray() ? "an array of " + stop.size() : kind(stop)));
    }
    if (out.stream().anyMatch(String::isEmpty)) {
      throw ApiError.badField("stop", "stop strings must not be empty: an empty one would stop every completion"
          + " before its first token");
    }
    return out;
  }

  private static String requiredString(JsonNode root, String field) {
    JsonNode v = present(root, field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiError.badField(field, field + " must be a non-empty string (see GET /v1/models), got "
          + (v == null ? "none" : kind(v)));
    }
    return v.asText();
  }

  private static boolean bool(JsonNode root, String field, boolean absent) {
    return bool(root, field, absent, field);
  }

  private static boolean bool(JsonNode root, String field, boolean absent, String name) {
    JsonNode v = present(root, field);
    if (v == null) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw ApiError.badField(name, name + " must be true or false, got " + kind(v));
    }
    return v.booleanValue();
  }

  private static int intIn(JsonNode v, String field, int min, int max) {
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw ApiError.badField(field, field + " must be an integer from " + min + " to " + max + ", got "
          + describe(v));
    }
    return v.intValue();
  }

  private static long longValue(JsonNode v, String field) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiError.badField(field, field + " must be an integer in the signed 64-bit range, got " + describe(v));
    }
    return v.longValue();
  }

  /** A number in [min, max] ({@code (min, max]} unless {@code minIncluded}), or {@code absent}. */
  private static double numberIn(JsonNode root, String field, double absent, double min, double max,
      boolean minIncluded) {
    JsonNode v = present(root, field);
    if (v == null) {
      return absent;
    }
    double d = v.isNumber() ? v.doubleValue() : Double.NaN;
    boolean ok = Double.isFinite(d) && (minIncluded ? d >= min : d > min) && d <= max;
    if (!ok) {
      throw ApiError.badField(field, field + " must be a number in " + (minIncluded ? "[" : "(") + min + ", " + max
          + "], got " + describe(v));
    }
    return d;
  }

  /** The field's value, or null when it is absent or JSON null. */
  private static JsonNode present(JsonNode root, String field) {
    JsonNode v = root.get(field);
    return v == null || v.isNull() ? null : v;
  }

  private static String describe(JsonNode v) {
    if (v.isNumber()) {
      String s = v.asText();
      return s.length() > 40 ? s.substring(0, 40) + "… (" + s.length() + " digits)" : s;
    }
    return kind(v);
  }

  /** The JSON type of a value, never its content: error messages do not echo what the client sent. */
  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + v.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
