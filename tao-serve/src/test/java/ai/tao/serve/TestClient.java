package ai.tao.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Calls a gateway over loopback with the JDK's HTTP client. */
final class TestClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String key;

  TestClient(Gateway gateway) {
    this(gateway, null);
  }

  TestClient(Gateway gateway, String key) {
    this.base = gateway.baseUri();
    this.key = key;
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> post(String path, String body) {
    return post(path, body, "application/json");
  }

  HttpResponse<String> post(String path, String body, String contentType) {
    return postBytes(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
  }

  HttpResponse<String> postBytes(String path, byte[] body, String contentType) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  /** A POST whose body has no declared length: sent chunked. */
  HttpResponse<String> postChunked(String path, byte[] body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
  }

  HttpResponse<String> chat(String body) {
    return post("/v1/chat/completions", body);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (status " + r.statusCode() + "): " + r.body(), e);
    }
  }

  /** The JSON payloads of a server-sent event stream, checking that it ends with [DONE]. */
  static List<JsonNode> events(HttpResponse<String> r) {
    List<JsonNode> out = new ArrayList<>();
    String[] blocks = r.body().split("\n\n");
    for (int i = 0; i < blocks.length; i++) {
      String b = blocks[i];
      if (!b.startsWith("data: ")) {
        throw new AssertionError("not an SSE data line: " + b);
      }
      String data = b.substring(6);
      if (data.equals("[DONE]")) {
        if (i != blocks.length - 1) {
          throw new AssertionError("[DONE] before the end of the stream");
        }
        return out;
      }
      try {
        out.add(JSON.readTree(data));
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + data, e);
      }
    }
    throw new AssertionError("the stream did not end with data: [DONE]: " + r.body());
  }
}
