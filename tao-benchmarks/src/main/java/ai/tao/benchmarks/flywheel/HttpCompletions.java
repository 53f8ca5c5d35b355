package ai.tao.benchmarks.flywheel;

import ai.tao.api.GenerationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * A plain HTTP client of an OpenAI-compatible {@code /v1/completions} endpoint, as an app without
 * any SDK would write it: greedy, with a stop string, several requests in flight at once (so the
 * gateway batches them).
 */
final class HttpCompletions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI endpoint;
  private final String model;
  private final int maxTokens;
  private final int inFlight;

  /** What one request got back: the text and the version that answered. */
  record Answer(String text, String version) {}

  HttpCompletions(URI baseUri, String model, int maxTokens, int inFlight) {
    this.endpoint = baseUri.resolve("/v1/completions");
    this.model = model;
    this.maxTokens = maxTokens;
    this.inFlight = inFlight;
  }

  /** Completes every prompt, in order; a non-200 reply fails with its body. */
  List<Answer> complete(List<String> prompts) {
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<Answer>> futures = new ArrayList<>();
    for (String p : prompts) {
      slots.acquireUninterruptibly();
      futures.add(client.sendAsync(request(p), HttpResponse.BodyHandlers.ofString())
          .thenApply(HttpCompletions::answer).whenComplete((a, e) -> slots.release()));
    }
    List<Answer> answers = new ArrayList<>(futures.size());
    for (CompletableFuture<Answer> f : futures) {
      try {
        answers.add(f.join());
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r
            : new GenerationException("a request to " + endpoint + " failed: " + e.getCause(), e.getCause());
      }
    }
    return answers;
  }

  private HttpRequest request(String prompt) {
    ObjectNode body = JSON.createObjectNode().put("model", model).put("prompt", prompt).put("max_tokens", maxTokens)
        .put("temperature", 0.0);
    body.putArray("stop").add("\n");
    return HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
  }

  private static Answer answer(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new GenerationException("the gateway answered " + r.statusCode() + ": " + r.body());
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      return new Answer(n.path("choices").path(0).path("text").asText(), n.path("model").asText());
    } catch (java.io.IOException e) {
      throw new GenerationException("the gateway's reply is not JSON: " + r.body(), e);
    }
  }
}
