package ai.tao.rewards.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of one OpenAI-compatible chat endpoint ({@code POST .../v1/chat/completions}): sends a
 * system and a user message at temperature 0 and reads {@code choices[0].message.content} and
 * {@code usage}. One attempt per {@link #send}; retrying is the caller's.
 */
final class OpenAiChatClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BODY_IN_MESSAGE = 200;

  private final HttpClient http;
  private final URI endpoint;
  private final String model;
  private final Optional<String> apiKey;
  private final Duration timeout;
  private final int replyTokens;

  OpenAiChatClient(URI endpoint, String model, Optional<String> apiKey, Duration timeout, int replyTokens) {
    this.endpoint = endpoint;
    this.model = model;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.replyTokens = replyTokens;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** {@code baseUrl} + {@code /v1/chat/completions}; a base that already ends in {@code /v1} gets no second one. */
  static URI endpoint(String baseUrl) {
    String base = baseUrl.strip().replaceAll("/+$", "");
    return URI.create(base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
  }

  URI endpoint() {
    return endpoint;
  }

  /** The request body for these messages; what the cache key is made of, too. */
  String body(String system, String user) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    body.put("temperature", 0);
    body.put("max_tokens", replyTokens);
    return body.toString();
  }

  /**
   * One attempt.
   *
   * @throws JudgeCallException retryable for 408, 429, 5xx, timeouts, I/O errors and bodies that are
   *     not a chat completion (a truncated body among them); not retryable for other statuses
   */
  ChatReply send(String body) throws JudgeCallException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      // The request timeout ends at the response headers; this one also bounds a body that stalls.
      response = pending.get(timeout.toMillis() + 50, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new JudgeCallException("no complete reply within " + timeout.toMillis() + " ms", true, Optional.empty(), e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String what = cause instanceof HttpTimeoutException ? "no reply within " + timeout.toMillis() + " ms"
          : "connection failed: " + cause;
      throw new JudgeCallException(what, cause instanceof IOException, Optional.empty(), cause);
    }
    return read(response);
  }

  private static ChatReply read(HttpResponse<String> response) throws JudgeCallException {
    int status = response.statusCode();
    if (status != 200) {
      boolean retryable = status == 408 || status == 429 || status >= 500;
      String hint = status == 401 || status == 403 ? " (check the API key)"
          : status == 404 ? " (check the base URL and the model name)" : "";
      throw new JudgeCallException("HTTP " + status + hint + ": " + ReplyParsers.snippet(
          response.body().length() > BODY_IN_MESSAGE ? response.body().substring(0, BODY_IN_MESSAGE) : response.body()),
          retryable, retryAfter(response), null);
    }
    try {
      JsonNode root = JSON.readTree(response.body());
      JsonNode content = root == null ? null : root.path("choices").path(0).path("message").path("content");
      if (content == null || !content.isTextual()) {
        throw new JudgeCallException("reply is not a chat completion (no choices[0].message.content): "
            + ReplyParsers.snippet(response.body()), true, Optional.empty(), null);
      }
      JsonNode usage = root.path("usage");
      return new ChatReply(content.asText(), usage.path("prompt_tokens").asLong(0),
          usage.path("completion_tokens").asLong(0));
    } catch (IOException e) {
      throw new JudgeCallException("reply body is not JSON (truncated?): " + ReplyParsers.snippet(response.body()),
          true, Optional.empty(), e);
    }
  }

  private static Optional<Duration> retryAfter(HttpResponse<String> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      double seconds = Double.parseDouble(header.get().strip());
      return seconds >= 0 ? Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000))) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: fall back to the backoff
    }
  }
}
