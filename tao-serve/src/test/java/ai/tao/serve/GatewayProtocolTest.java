package ai.tao.serve;

import static ai.tao.serve.TestClient.events;
import static ai.tao.serve.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceRow;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible surface: shapes of answers, streams, and every kind of refusal. */
class GatewayProtocolTest {
  static final String CHAT = "/v1/chat/completions";
  static final String COMPLETIONS = "/v1/completions";
  static final int MAX_BODY = 8192;

  @TempDir static Path dir;
  static DecoderPolicy policy;
  static InferenceTable table;
  static Gateway gateway;
  static TestClient client;

  @BeforeAll
  static void start() {
    policy = TinyPolicies.tiny(1);
    table = InferenceTable.open(dir);
    gateway = Gateway.builder().policy(policy, "version-1").port(0).maxBodyBytes(MAX_BODY).maxTokensLimit(32)
        .defaultMaxTokens(8).maxN(4).maxWait(Duration.ofMillis(2)).inferenceTable(table).seed(5).build()
        .start();
    client = new TestClient(gateway);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    table.close();
    policy.close();
  }

  static String chatBody(String extra) {
    return "{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]" + extra + "}";
  }

  @Test
  void aChatCompletionHasOpenAisShapeAndIsCaptured() {
    HttpResponse<String> r = client.chat(chatBody(",\"max_tokens\":6,\"seed\":3"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode n = json(r);
    assertThat(n.path("object").asText()).isEqualTo("chat.completion");
    assertThat(n.path("id").asText()).startsWith("chatcmpl-");
    assertThat(n.path("model").asText()).isEqualTo("version-1");
    JsonNode choice = n.path("choices").get(0);
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("finish_reason").asText()).isIn("stop", "length");
    JsonNode usage = n.path("usage");
    assertThat(usage.path("completion_tokens").asInt()).isBetween(1, 6);
    // the fallback chat format around "Hello there", byte by byte, and a BOS
    assertThat(usage.path("prompt_tokens").asInt()).isGreaterThan("Hello there".length());
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());

    table.flush();
    InferenceRow row = rowOf(n.path("id").asText());
    assertThat(row.inference().endpoint()).isEqualTo(Inference.CHAT);
    assertThat(row.inference().modelVersion()).isEqualTo("version-1");
    assertThat(row.inference().responseText()).isEqualTo(choice.path("message").path("content").asText());
    assertThat(row.inference().promptTokens()).isEqualTo(usage.path("prompt_tokens").asInt());
    assertThat(row.inference().completionTokens()).isEqualTo(usage.path("completion_tokens").asInt());
    assertThat(row.inference().requestJson()).contains("\"messages\"").contains("Hello there").contains("\"seed\":3");
    assertThat(row.feedback()).isEmpty();
  }

  @Test
  void aTextCompletionHasOpenAisShape() {
    HttpResponse<String> r = client.post(COMPLETIONS, "{\"model\":\"version-1\",\"prompt\":\"SELECT\",\"max_tokens\":5}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode n = json(r);
    assertThat(n.path("object").asText()).isEqualTo("text_completion");
    assertThat(n.path("id").asText()).startsWith("cmpl-");
    assertThat(n.path("choices").get(0).has("text")).isTrue();
    assertThat(n.path("usage").path("prompt_tokens").asInt()).isEqualTo("SELECT".length() + 1); // BOS + bytes
    assertThat(n.path("usage").path("completion_tokens").asInt()).isBetween(1, 5);
  }

  @Test
  void aSeededStreamJoinsToTheSeededNonStreamedText() {
    String body = chatBody(",\"max_tokens\":12,\"seed\":42,\"temperature\":0.9");
    String plain = json(client.chat(body)).path("choices").get(0).path("message").path("content").asText();
    HttpResponse<String> streamed = client.chat(body.replace("}]", "}],\"stream\":true"));
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<JsonNode> chunks = events(streamed);
    StringBuilder joined = new StringBuilder();
    for (JsonNode c : chunks) {
      assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
      joined.append(c.path("choices").get(0).path("delta").path("content").asText(""));
    }
    assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
    assertThat(chunks.get(chunks.size() - 1).path("choices").get(0).path("finish_reason").asText())
        .isIn("stop", "length");
    assertThat(joined.toString()).isEqualTo(plain);
    assertThat(plain).isNotEmpty();
    // and a third time, plain again: the same seed gives the same text
    assertThat(json(client.chat(body)).path("choices").get(0).path("message").path("content").asText())
        .isEqualTo(plain);
  }

  @Test
  void aStreamedTextCompletionEndsWithUsageWhenAskedFor() {
    String body = "{\"model\":\"tao\",\"prompt\":\"abc\",\"max_tokens\":9,\"seed\":7";
    String plain = json(client.post(COMPLETIONS, body + "}")).path("choices").get(0).path("text").asText();
    List<JsonNode> chunks = events(client.post(COMPLETIONS, body
        + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    StringBuilder joined = new StringBuilder();
    for (JsonNode c : chunks.subList(0, chunks.size() - 1)) {
      joined.append(c.path("choices").get(0).path("text").asText());
    }
    assertThat(joined.toString()).isEqualTo(plain);
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.path("choices")).isEmpty();
    assertThat(last.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void nChoicesAreSampledAndCountedTogether() throws Exception {
    JsonNode n = json(client.chat(chatBody(",\"n\":3,\"max_tokens\":10")));
    assertThat(n.path("choices")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(n.path("choices").get(i).path("index").asInt()).isEqualTo(i);
    }
    table.flush();
    InferenceRow row = rowOf(n.path("id").asText());
    assertThat(TestClient.JSON.readTree(row.inference().responseJson())).hasSize(3);
    assertThat(row.inference().completionTokens()).isEqualTo(n.path("usage").path("completion_tokens").asInt());
    assertThat(row.inference().completionTokens()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void modelsHealthAndMetricsAnswer() {
    JsonNode models = json(client.get("/v1/models"));
    assertThat(models.path("object").asText()).isEqualTo("list");
    assertThat(models.path("data").findValuesAsText("id")).containsExactly("tao", "version-1");
    assertThat(json(client.get("/v1/models/version-1")).path("id").asText()).isEqualTo("version-1");
    assertThat(client.get("/v1/models/other").statusCode()).isEqualTo(404);

    JsonNode health = json(client.get("/health"));
    assertThat(health.path("status").asText()).isEqualTo("ok");
    assertThat(health.path("version").asText()).isEqualTo("version-1");

    client.chat(chatBody(",\"max_tokens\":3"));
    JsonNode m = json(client.get("/metrics"));
    assertThat(m.path("requests_by_status").path("200").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(m.path("completion_tokens").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(m.path("tokens_per_s").asDouble()).isGreaterThan(0);
    assertThat(m.path("latency_ms").path("p50").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(m.path("latency_ms").path("p99").asDouble())
        .isGreaterThanOrEqualTo(m.path("latency_ms").path("p50").asDouble());
    assertThat(m.path("batches").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(m.path("mean_batch_size").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(m.has("queue_depth")).isTrue();
    assertThat(m.path("inference_table").has("rows_written")).isTrue();
    assertThat(m.path("inference_table").path("rows_dropped").asLong()).isZero();
  }

  @Test
  void anUnknownModelIs404() {
    assertError(client.chat("{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 404,
        "model", "model_not_found");
  }

  @Test
  void aWrongContentTypeIs415() {
    assertError(client.post(CHAT, chatBody(""), "text/plain"), 415, null, "unsupported_media_type");
    assertError(client.post(CHAT, chatBody(""), null), 415, null, "unsupported_media_type");
    assertError(client.post(CHAT, chatBody(""), "application/json; charset=latin1"), 415, null,
        "unsupported_media_type");
    assertThat(client.post(CHAT, chatBody(",\"max_tokens\":2"), "application/json; charset=UTF-8").statusCode())
        .isEqualTo(200);
  }

  @Test
  void malformedJsonIs400() {
    assertError(client.chat("{\"model\":\"tao\",\"messages\":["), 400, null, "invalid_json");
    assertError(client.chat(""), 400, null, "invalid_json");
    assertError(client.chat("[1,2]"), 400, null, "invalid_json");
    assertError(client.chat(chatBody("") + " trailing"), 400, null, "invalid_json");
    assertError(client.chat("{\"model\":\"tao\",\"model\":\"tao\"}"), 400, null, "invalid_json");
  }

  @Test
  void anOversizedBodyIs413AndTheServerGoesOn() {
    String huge = chatBody("").replace("Hello there", "x".repeat(MAX_BODY * 3));
    assertError(client.chat(huge), 413, null, "request_too_large");
    // without a Content-Length (chunked), the limit is found while reading
    assertError(client.postChunked(CHAT, huge.getBytes(StandardCharsets.UTF_8)), 413, null, "request_too_large");
    assertThat(client.postChunked(CHAT, chatBody(",\"max_tokens\":2").getBytes(StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(200);
    assertThat(client.chat(chatBody(",\"max_tokens\":2")).statusCode()).isEqualTo(200);
  }

  @Test
  void limitsOnMaxTokensAndNAre400NamingTheField() {
    assertError(client.chat(chatBody(",\"max_tokens\":33")), 400, "max_tokens", "invalid_value");
    assertError(client.chat(chatBody(",\"max_tokens\":0")), 400, "max_tokens", "invalid_value");
    assertError(client.chat(chatBody(",\"max_completion_tokens\":1000")), 400, "max_completion_tokens",
        "invalid_value");
    assertError(client.chat(chatBody(",\"n\":5")), 400, "n", "invalid_value");
    assertError(client.chat(chatBody(",\"n\":2,\"temperature\":0")), 400, "n", "invalid_value");
    assertError(client.chat(chatBody(",\"temperature\":\"hot\"")), 400, "temperature", "invalid_value");
    assertError(client.chat(chatBody(",\"seed\":1e400")), 400, "seed", "invalid_value");
    assertError(client.chat(chatBody(",\"stop\":[\"\"]")), 400, "stop", "invalid_value");
    assertError(client.chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\"}]}"), 400, "messages[0].content",
        "invalid_value");
    assertError(client.post(COMPLETIONS, "{\"model\":\"tao\",\"prompt\":[\"a\",\"b\"]}"), 400, "prompt",
        "invalid_value");
  }

  @Test
  void aPromptLongerThanTheModelsContextIs400FromThePolicy() {
    // 256 positions: 240 bytes of prompt and 32 new tokens do not fit
    HttpResponse<String> r = client.post(COMPLETIONS, "{\"model\":\"tao\",\"prompt\":\"" + "y".repeat(240)
        + "\",\"max_tokens\":32}");
    assertError(r, 400, "prompt", "rejected_by_policy");
    assertThat(json(r).path("error").path("message").asText()).contains("max_position_embeddings");
  }

  @Test
  void unknownPathsAndWrongMethodsAre4xx() {
    assertError(client.get("/v2/nothing"), 404, null, "unknown_url");
    HttpResponse<String> r = client.get(CHAT);
    assertError(r, 405, null, "method_not_allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertError(client.post("/health", "{}"), 405, null, "method_not_allowed");
  }

  static void assertError(HttpResponse<String> r, int status, String param, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = json(r).path("error");
    assertThat(e.path("message").asText()).isNotBlank();
    assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(e.has("param")).isTrue();
    assertThat(e.path("param").isNull() ? null : e.path("param").asText()).isEqualTo(param);
    assertThat(e.path("code").asText()).isEqualTo(code);
  }

  static InferenceRow rowOf(String requestId) {
    return table.rowsSince(0, 10_000).stream().filter(r -> r.inference().requestId().equals(requestId)).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + requestId));
  }
}
