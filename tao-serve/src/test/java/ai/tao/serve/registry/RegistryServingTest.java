package ai.tao.serve.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Policy;
import ai.tao.serve.Gateway;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe of the package comment: gate, register, promote, swap; and roll back the same way. */
class RegistryServingTest {
  @Test
  void aPromotedVersionIsSwappedInAndARollbackSwapsTheOldOneBack(@TempDir Path dir) throws Exception {
    ModelRegistry registry = ModelRegistry.open(dir);
    registry.promote(registry.register(FakePolicy.answering("base", "ok"), Registration.builder().build()).id());
    ModelVersion serving = registry.current().orElseThrow();
    try (Gateway gateway = Gateway.builder().policy(registry.load(serving, FakePolicy::load), serving.id()).port(0)
        .build().start()) {
      FakePolicy tuned = FakePolicy.answering("tuned", "good");
      EvaluationGate gate = EvaluationGate.builder().shadowPrompts(EvaluationGateTest.SHADOW)
          .scorer(new EvaluationGateTest.WordScorer()).sampling(EvaluationGateTest.SAMPLING).build();
      GateDecision decision = gate.evaluate(tuned, registry.load(serving, FakePolicy::load)); // not the served one
      ModelVersion v = registry.register(tuned, Registration.builder()
          .parent(registry.current().orElseThrow().id()).gate(decision).build());
      assertThat(decision.promote()).isTrue();
      registry.promote(v.id());
      Policy old = gateway.swap(registry.load(v, FakePolicy::load), v.id()).get(30, TimeUnit.SECONDS);
      old.close();

      assertThat(gateway.version()).isEqualTo("v0002");
      JsonNode answer = complete(gateway);
      assertThat(answer.path("model").asText()).isEqualTo("v0002");
      assertThat(answer.path("choices").path(0).path("text").asText()).isEqualTo("tuned");

      ModelVersion back = registry.rollback();
      gateway.swap(registry.load(back, FakePolicy::load), back.id()).get(30, TimeUnit.SECONDS).close();
      assertThat(gateway.version()).isEqualTo("v0001");
      assertThat(complete(gateway).path("choices").path(0).path("text").asText()).isEqualTo("base");
    }
  }

  private static JsonNode complete(Gateway gateway) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(gateway.baseUri().resolve("/v1/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tao\",\"prompt\":\"hi\",\"max_tokens\":4}")).build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }
}
