package ai.tao.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.core.policy.DecoderPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever body a client sends, the gateway answers 200 or a 4xx with an OpenAI-style error, never a
 * 5xx, and keeps serving.
 */
class GatewayFuzzProperties {
  static final int MAX_BODY = 4096;
  static DecoderPolicy policy;
  static Gateway gateway;
  static TestClient client;

  @BeforeContainer
  static void start() {
    policy = TinyPolicies.tiny(8);
    // small limits keep valid requests cheap: at most 3 tokens, 2 choices
    gateway = Gateway.builder().policy(policy, "v1").port(0).maxBodyBytes(MAX_BODY).maxTokensLimit(3)
        .defaultMaxTokens(1).maxN(2).maxWait(Duration.ZERO).build().start();
    client = new TestClient(gateway);
  }

  @AfterContainer
  static void stop() {
    assertThat(client.get("/health").statusCode()).isEqualTo(200);
    gateway.close(); // waits for every handler to count its reply
    try {
      assertThat(gateway.stats().requests(500, 599)).isZero();
    } finally {
      policy.close();
    }
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
  void structuredBodiesGetOnly200Or4xx(@ForAll("bodies") String body, @ForAll boolean chat) {
    assertAnswered(client.post(chat ? "/v1/chat/completions" : "/v1/completions", body), body);
  }

  @Property(tries = 60)
  void rawBytesGetOnly200Or4xx(@ForAll("bytes") byte[] body, @ForAll boolean chat) {
    assertAnswered(client.postBytes(chat ? "/v1/chat/completions" : "/v1/completions", body, "application/json"),
        new String(body, StandardCharsets.ISO_8859_1));
  }

  static void assertAnswered(HttpResponse<String> r, String sent) {
    assertThat(r.statusCode()).as("status for %s: %s", sent.length() > 300 ? sent.substring(0, 300) : sent, r.body())
        .isBetween(200, 499);
    if (r.statusCode() == 200) {
      if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
        assertThat(TestClient.events(r)).isNotEmpty();
      } else {
        assertThat(TestClient.json(r).path("choices").isArray()).isTrue();
      }
    } else {
      JsonNode e = TestClient.json(r).path("error");
      assertThat(e.path("message").asText()).isNotBlank();
      assertThat(e.path("type").asText()).isNotBlank();
      assertThat(e.has("param")).isTrue();
      assertThat(e.has("code")).isTrue();
    }
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }

  /** Bodies close to valid ones: a few fields removed or given hostile values; sometimes cut short or junk. */
  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40).map(GatewayFuzzProperties::quote);
    Arbitrary<String> hostile = Arbitraries.oneOf(
        Arbitraries.of("null", "true", "false", "0", "-1", "1.5", "1e999", "-1e999", "99999999999999999999999999",
            "-9223372036854775809", "9223372036854775807", "2147483648", "1E2", "[]", "{}", "[null]", "\"\"",
            "\"\\ud800\"", "\"\\u0000\"", "\"😀𝄞\"", "[[[[[[[[[[]]]]]]]]]]", "{\"a\":{\"b\":[1,{\"c\":null}]}}"),
        text,
        Arbitraries.integers().between(-5, 10).map(String::valueOf),
        Arbitraries.doubles().between(-3, 3).map(String::valueOf),
        Arbitraries.strings().withChars("x").ofMinLength(MAX_BODY).ofMaxLength(MAX_BODY * 2).map(s -> quote(s)));
    Arbitrary<String> message = Combinators.combine(
            Arbitraries.oneOf(Arbitraries.of("\"user\"", "\"system\"", "\"assistant\"", "\"tool\""), hostile),
            Arbitraries.oneOf(text, hostile,
                text.map(t -> "[{\"type\":\"text\",\"text\":" + t + "}]"),
                Arbitraries.just("[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]")))
        .as((role, content) -> "{\"role\":" + role + ",\"content\":" + content + "}");
    Map<String, Arbitrary<String>> fields = Map.ofEntries(
        Map.entry("model", Arbitraries.oneOf(Arbitraries.of("\"tao\"", "\"v1\"", "\"gpt-4\""), hostile)),
        Map.entry("messages", Arbitraries.oneOf(message.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
            hostile)),
        Map.entry("prompt", Arbitraries.oneOf(text, hostile, text.list().ofMaxSize(2)
            .map(l -> "[" + String.join(",", l) + "]"))),
        Map.entry("max_tokens", Arbitraries.oneOf(Arbitraries.integers().between(0, 4).map(String::valueOf), hostile)),
        Map.entry("temperature", hostile),
        Map.entry("top_p", hostile),
        Map.entry("top_k", hostile),
        Map.entry("n", Arbitraries.oneOf(Arbitraries.of("1", "2", "3"), hostile)),
        Map.entry("stop", Arbitraries.oneOf(text, hostile, text.list().ofMaxSize(6)
            .map(l -> "[" + String.join(",", l) + "]"))),
        Map.entry("seed", hostile),
        Map.entry("stream", Arbitraries.oneOf(Arbitraries.of("true", "false"), hostile)),
        Map.entry("stream_options", Arbitraries.oneOf(Arbitraries.just("{\"include_usage\":true}"), hostile)));
    // A valid body for either endpoint (each ignores the other's field), then one to three fields
    // replaced by any value of their generator, hostile ones included, or removed.
    Map<String, String> valid = new LinkedHashMap<>();
    valid.put("model", "\"tao\"");
    valid.put("messages", "[{\"role\":\"user\",\"content\":\"hi\"}]");
    valid.put("prompt", "\"hi\"");
    valid.put("max_tokens", "2");
    List<String> names = List.copyOf(new TreeMap<>(fields).keySet());
    Arbitrary<Tuple.Tuple2<String, String>> mutation = Arbitraries.of(names).flatMap(name -> Arbitraries.oneOf(
        fields.get(name), Arbitraries.just((String) null)).map(v -> Tuple.of(name, v)));
    Arbitrary<String> object = mutation.list().ofMinSize(1).ofMaxSize(3).map(ms -> {
      Map<String, String> body = new LinkedHashMap<>(valid);
      for (Tuple.Tuple2<String, String> m : ms) {
        if (m.get2() == null) {
          body.remove(m.get1());
        } else {
          body.put(m.get1(), m.get2());
        }
      }
      StringBuilder out = new StringBuilder("{");
      body.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
      return out.append('}').toString();
    });
    Arbitrary<Integer> cut = Arbitraries.integers().between(0, 100);
    return Arbitraries.frequencyOf(
        Tuple.of(8, object),
        Tuple.of(1, Combinators.combine(object, cut).as((o, c) -> o.substring(0, Math.min(o.length(), c)))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)));
  }

  /** A JSON string literal of {@code s}, escaping what JSON requires (lone surrogates pass as they are). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
