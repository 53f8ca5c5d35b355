package ai.tao.serve.internal;

import ai.tao.api.TaoException;
import ai.tao.serve.ServingStats;
import ai.tao.serve.internal.Batcher.Served;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request of the gateway: routing, the API key, limits, and the replies. Each failure
 * becomes an OpenAI-style JSON error reply; nothing thrown here reaches the server's threads.
 *
 * <p>Checks run in this order: the path (404), the API key (401; {@code /health} needs none), the
 * method (405), then for completions the content type (415), the body's size (413), the body
 * (400), and the model (404).
 */
public final class ApiHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Bytes of an oversized body read and discarded before the 413, so the client can read the reply. */
  private static final long DRAIN_LIMIT = 16L << 20;
  private static final String ENDPOINTS = "POST /v1/chat/completions, POST /v1/completions, GET /v1/models,"
      + " GET /health, GET /metrics";

  private final String modelName;
  private final Optional<byte[]> apiKey;
  private final int maxBodyBytes;
  private final RequestParser parser;
  private final Batcher batcher;
  private final GatewayMetrics metrics;
  private final Optional<InferenceTable> table;
  private final Supplier<ServingStats> stats;
  private final BooleanSupplier draining;

  public ApiHandler(String modelName, Optional<String> apiKey, int maxBodyBytes, RequestParser parser,
      Batcher batcher, GatewayMetrics metrics, Optional<InferenceTable> table, Supplier<ServingStats> stats,
      BooleanSupplier draining) {
    this.modelName = modelName;
    this.apiKey = apiKey.map(k -> k.getBytes(StandardCharsets.UTF_8));
    this.maxBodyBytes = maxBodyBytes;
    this.parser = parser;
    this.batcher = batcher;
    this.metrics = metrics;
    this.table = table;
    this.stats = stats;
    this.draining = draining;
  }

  @Override
  public void handle(HttpExchange ex) {
    long arrived = System.nanoTime();
    metrics.started(); // before the draining check: close() waits for what it counts
    try {
      if (draining.getAsBoolean()) {
        ex.getResponseHeaders().set("Connection", "close");
        throw new ApiError(503, ApiError.SERVER, null, "shutting_down", "the gateway is shutting down; retry"
            + " against another instance");
      }
      route(ex, arrived);
    } catch (ApiError e) {
      replyError(ex, e);
    } catch (IOException e) {
      LOG.debug("{} {}: the client went away: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
    } catch (RuntimeException | Error e) {
      LOG.error("{} {} failed inside the gateway", ex.getRequestMethod(), ex.getRequestURI(), e);
      replyError(ex, new ApiError(500, ApiError.SERVER, null, "internal_error",
          "the gateway failed on this request (" + e.getClass().getSimpleName() + "); the error is logged"));
    } finally {
      int status = ex.getResponseCode();
      metrics.replied(status < 0 ? 499 : status); // -1: nothing could be sent
      ex.close();
    }
  }

  private void route(HttpExchange ex, long arrived) throws IOException {
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/health" -> {
        allow(ex, "GET");
        reply(ex, 200, F.objectNode().put("status", "ok").put("version", batcher.version()));
      }
      case "/metrics" -> {
        authorize(ex);
        allow(ex, "GET");
        reply(ex, 200, stats.get().toJson());
      }
      case "/v1/models" -> {
        authorize(ex);
        allow(ex, "GET");
        ArrayNode data = F.arrayNode();
        for (String id : servedIds()) {
          data.add(model(id));
        }
        ObjectNode list = F.objectNode().put("object", "list");
        list.set("data", data);
        reply(ex, 200, list);
      }
      case "/v1/chat/completions" -> complete(ex, Inference.CHAT, "chatcmpl-", arrived);
      case "/v1/completions" -> complete(ex, Inference.COMPLETIONS, "cmpl-", arrived);
      default -> {
        if (path.startsWith("/v1/models/")) {
          authorize(ex);
          allow(ex, "GET");
          String id = path.substring("/v1/models/".length());
          if (!servedIds().contains(id)) {
            throw unknownModel(id);
          }
          reply(ex, 200, model(id));
        } else {
          throw new ApiError(404, ApiError.INVALID_REQUEST, null, "unknown_url", "no endpoint "
              + ex.getRequestMethod() + " " + clip(path) + "; this server has " + ENDPOINTS);
        }
      }
    }
  }

  private List<String> servedIds() {
    String v = batcher.version();
    return v.equals(modelName) ? List.of(modelName) : List.of(modelName, v);
  }

  private ObjectNode model(String id) {
    return F.objectNode().put("id", id).put("object", "model").put("created", batcher.versionSinceEpochSecond())
        .put("owned_by", "tao").put("version", batcher.version());
  }

  private void complete(HttpExchange ex, String endpoint, String idPrefix, long arrived) throws IOException {
    authorize(ex);
    allow(ex, "POST");
    requireJson(ex);
    byte[] body = readBody(ex);
    Instant createdAt = Instant.now();
    String id = idPrefix + UUID.randomUUID().toString().replace("-", "");
    CompletionRequest req = parser.parse(body, id, endpoint);
    if (!servedIds().contains(req.model())) {
      throw unknownModel(req.model());
    }
    Served served;
    try {
      served = batcher.submit(req.prompt(), req.sampling(), req.seeded()).join();
    } catch (TaoException e) { // the batcher closed under us
      throw new ApiError(503, ApiError.SERVER, null, "shutting_down", "the gateway is shutting down; retry");
    } catch (CompletionException e) {
      throw Batcher.toApiError(e.getCause() == null ? e : e.getCause(), req.chat() ? "messages" : "prompt");
    }
    long latencyMs = (System.nanoTime() - arrived) / 1_000_000L;
    int promptTokens = Responses.promptTokens(served.rollout());
    int completionTokens = Responses.completionTokens(served.rollout());
    metrics.served(promptTokens, completionTokens, latencyMs);
    table.ifPresent(t -> t.record(new Inference(id, createdAt, endpoint, served.version(), req.requestJson(),
        served.rollout().completion(0).text(), Responses.choices(served.rollout()).toString(),
        Responses.finishReason(served.rollout().completion(0).finishReason()), promptTokens, completionTokens,
        latencyMs)));
    long created = createdAt.getEpochSecond();
    if (!req.stream()) {
      reply(ex, 200, Responses.completion(req, served, created));
      return;
    }
    // The completion is whole by now: the policy has no per-token callback, so this streams it in pieces.
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      for (ObjectNode chunk : Responses.chunks(req, served, created)) {
        out.write(("data: " + json(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private ApiError unknownModel(String id) {
    return new ApiError(404, ApiError.INVALID_REQUEST, "model", "model_not_found", "model '" + clip(id)
        + "' is not served here; use '" + modelName + "' (or the version '" + batcher.version()
        + "'), as GET /v1/models lists");
  }

  private void authorize(HttpExchange ex) {
    if (apiKey.isEmpty()) {
      return;
    }
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new ApiError(401, ApiError.AUTHENTICATION, null, "missing_api_key", "this gateway needs an API key:"
          + " send the header 'Authorization: Bearer <key>'");
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, apiKey.get())) { // constant time
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw new ApiError(401, ApiError.AUTHENTICATION, null, "invalid_api_key", "the API key is not valid for this"
          + " gateway");
    }
  }

  private static void allow(HttpExchange ex, String method) {
    if (!ex.getRequestMethod().equals(method)) {
      ex.getResponseHeaders().set("Allow", method);
      throw new ApiError(405, ApiError.INVALID_REQUEST, null, "method_not_allowed", ex.getRequestURI().getPath()
          + " takes " + method + " only, got " + clip(ex.getRequestMethod()));
    }
  }

  private static void requireJson(HttpExchange ex) {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String charset = type == null || !type.contains(";") ? "utf-8" : charset(type);
    if (!media.equals("application/json") || !(charset.equals("utf-8") || charset.equals("utf8"))) {
      throw new ApiError(415, ApiError.INVALID_REQUEST, null, "unsupported_media_type", "send the body as"
          + " 'Content-Type: application/json' (UTF-8), got " + (type == null ? "no Content-Type" : "'" + clip(type)
          + "'"));
    }
  }

  private static String charset(String contentType) {
    for (String p : contentType.split(";")) {
      String[] kv = p.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        return kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
      }
    }
    return "utf-8";
  }

  private byte[] readBody(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    boolean tooLong;
    byte[] body = null;
    try {
      tooLong = declared != null && Long.parseLong(declared.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      tooLong = false; // the server itself rejects a malformed length; chunked bodies have none
    }
    if (!tooLong) {
      body = in.readNBytes(maxBodyBytes + 1);
      tooLong = body.length > maxBodyBytes;
    }
    if (tooLong) {
      // read, not skip: the JDK server's body stream inherits FilterInputStream.skip, which skips on the raw
      // socket past the body's end and blocks
      byte[] sink = new byte[8192];
      long drained = 0;
      for (int n; drained < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) {
        drained += n;
      }
      throw new ApiError(413, ApiError.INVALID_REQUEST, null, "request_too_large", "the request body is larger"
          + " than this gateway's limit of " + maxBodyBytes + " bytes; send a shorter prompt");
    }
    return body;
  }

  private static void replyError(HttpExchange ex, ApiError e) {
    if (ex.getResponseCode() >= 0) {
      return; // headers are out (a stream broke off): nothing more can be said
    }
    try {
      reply(ex, e.status(), e.body());
    } catch (IOException io) {
      LOG.debug("could not send a {} to {}: {}", e.status(), ex.getRemoteAddress(), io.toString());
    }
  }

  private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json(body).getBytes(StandardCharsets.UTF_8); // an unpaired surrogate becomes '?', never a throw
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String json(JsonNode n) {
    try {
      return RequestParser.JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree did not serialise", e);
    }
  }

  private static String clip(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
