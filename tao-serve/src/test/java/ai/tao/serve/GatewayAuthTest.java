package ai.tao.serve;

import static ai.tao.serve.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.core.policy.DecoderPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API key, the loopback default, and the builder's refusals. */
class GatewayAuthTest {
  static final String KEY = "sk-test-0123456789";
  static final String BODY = "{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}";
  static DecoderPolicy policy;

  @BeforeAll
  static void create() {
    policy = TinyPolicies.tiny(2);
  }

  @AfterAll
  static void free() {
    policy.close();
  }

  @Test
  void withAKeyConfiguredARequestWithoutItOrWithAnotherIsRefused() {
    Gateway g = Gateway.builder().policy(policy, "v").port(0).apiKey(KEY).build().start();
    try (g) {
      TestClient none = new TestClient(g);
      assertUnauthorized(none.chat(BODY), "missing_api_key");
      assertUnauthorized(none.get("/v1/models"), "missing_api_key");
      assertUnauthorized(none.get("/metrics"), "missing_api_key");
      assertUnauthorized(new TestClient(g, "sk-wrong").chat(BODY), "invalid_api_key");
      assertUnauthorized(new TestClient(g, KEY + "x").chat(BODY), "invalid_api_key");

      assertThat(none.get("/health").statusCode()).isEqualTo(200); // probes need no key
      TestClient keyed = new TestClient(g, KEY);
      assertThat(keyed.chat(BODY).statusCode()).isEqualTo(200);
      assertThat(keyed.get("/v1/models").statusCode()).isEqualTo(200);
    } // close() waits for every handler to finish counting its reply
    assertThat(g.stats().requests(401)).isEqualTo(5);
  }

  @Test
  void withoutAKeyLoopbackIsOpen() {
    try (Gateway g = Gateway.builder().policy(policy, "v").port(0).build().start()) {
      assertThat(g.baseUri().getHost()).isEqualTo("127.0.0.1");
      assertThat(new TestClient(g, "anything").chat(BODY).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aNonLoopbackAddressWithoutAKeyIsRefusedAtBuild() {
    assertThatThrownBy(() -> Gateway.builder().policy(policy, "v").host("0.0.0.0").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a loopback address")
        .hasMessageContaining("apiKey(");
    // with a key it builds (not started here, so nothing listens beyond this machine)
    assertThat(Gateway.builder().policy(policy, "v").host("0.0.0.0").apiKey(KEY).build()).isNotNull();
  }

  @Test
  void theBuilderNamesTheBadSetting() {
    assertThatThrownBy(() -> Gateway.builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("policy(policy");
    assertThatThrownBy(() -> Gateway.builder().policy(policy, " ").build()).hasMessageContaining("version");
    assertThatThrownBy(() -> Gateway.builder().policy(policy, "v").maxBatch(0).build())
        .hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> Gateway.builder().policy(policy, "v").maxTokensLimit(10).defaultMaxTokens(11).build())
        .hasMessageContaining("defaultMaxTokens 11").hasMessageContaining("maxTokensLimit 10");
    assertThatThrownBy(() -> Gateway.builder().policy(policy, "v").port(70_000).build())
        .hasMessageContaining("port");
    assertThatThrownBy(() -> Gateway.builder().policy(policy, "v").maxWait(Duration.ofMillis(-1)).build())
        .hasMessageContaining("maxWait");
    assertThatThrownBy(() -> Gateway.builder().policy(policy, "v").apiKey(" ").build())
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> Gateway.builder().policy(policy, "v").host("no-such-host.invalid").build())
        .hasMessageContaining("does not resolve");
  }

  @Test
  void aPortInUseAndASecondStartAreClearErrors() {
    try (Gateway g = Gateway.builder().policy(policy, "v").port(0).build().start()) {
      assertThatThrownBy(g::start).isInstanceOf(ConfigurationException.class).hasMessageContaining("started already");
      Gateway other = Gateway.builder().policy(policy, "v").port(g.port()).build();
      assertThatThrownBy(other::start).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(":" + g.port()).hasMessageContaining("choose another port");
      assertThatThrownBy(other::port).hasMessageContaining("not started");
    }
  }

  static void assertUnauthorized(HttpResponse<String> r, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    JsonNode e = json(r).path("error");
    assertThat(e.path("type").asText()).isEqualTo("authentication_error");
    assertThat(e.path("code").asText()).isEqualTo(code);
    assertThat(e.path("message").asText()).doesNotContain(KEY);
  }
}
