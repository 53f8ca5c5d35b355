package ai.tao.serve;

import static ai.tao.serve.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.serve.table.InferenceTable;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How concurrent requests reach the policy. Batches here wait up to 10 s to fill, so each test's
 * batches are made by how many requests arrive, not by timing.
 */
class GatewayBatchingTest {
  static final Duration LONG_WAIT = Duration.ofSeconds(10);
  TinyPolicies.Recording policy;
  ExecutorService clients = Executors.newFixedThreadPool(16);

  @BeforeEach
  void create() {
    policy = new TinyPolicies.Recording(TinyPolicies.tiny(3));
  }

  @AfterEach
  void free() {
    clients.shutdownNow();
    policy.close();
  }

  static String chat(String extra) {
    return "{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"batch me\"}]" + extra + "}";
  }

  List<HttpResponse<String>> concurrently(TestClient c, int n, IntFunction<String> body) throws Exception {
    List<Future<HttpResponse<String>>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      fs.add(clients.submit(() -> c.chat(body.apply(k))));
    }
    List<HttpResponse<String>> out = new ArrayList<>();
    for (Future<HttpResponse<String>> f : fs) {
      out.add(f.get());
    }
    return out;
  }

  @Test
  void eightConcurrentRequestsShareOneSamplerCallOnTheBatcherThread() throws Exception {
    try (Gateway g = Gateway.builder().policy(policy, "v").port(0).maxBatch(8).maxWait(LONG_WAIT).build().start()) {
      long t0 = System.nanoTime();
      List<HttpResponse<String>> rs = concurrently(new TestClient(g), 8, i -> chat(",\"max_tokens\":4"));
      assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
      assertThat(policy.batchSizes).containsExactly(8);
      assertThat(policy.threads).containsOnly("tao-gateway-batcher");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LONG_WAIT); // it went when full
      assertThat(g.stats().meanBatchSize()).isEqualTo(8.0);
      // unseeded requests in one batch draw different rows: not eight copies of one answer
      assertThat(rs.stream().map(r -> json(r).path("choices").get(0).path("message").path("content").asText())
          .distinct().count()).isGreaterThan(1);
    }
  }

  @Test
  void requestsWithDifferentSettingsAreNotMixed() throws Exception {
    try (Gateway g = Gateway.builder().policy(policy, "v").port(0).maxBatch(4).maxWait(LONG_WAIT).build().start()) {
      List<HttpResponse<String>> rs = concurrently(new TestClient(g), 8,
          i -> chat(",\"max_tokens\":" + (i % 2 == 0 ? 3 : 4)));
      assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
      assertThat(policy.batchSizes).containsExactly(4, 4);
    }
  }

  @Test
  void seededRequestsAreServedAloneAndReproduceAmidOtherTraffic() throws Exception {
    String seeded = chat(",\"max_tokens\":10,\"seed\":1234");
    try (Gateway g = Gateway.builder().policy(policy, "v").port(0).maxBatch(8).maxWait(Duration.ofMillis(20))
        .build().start()) {
      TestClient c = new TestClient(g);
      String alone = json(c.chat(seeded)).path("choices").get(0).path("message").path("content").asText();
      policy.batchSizes.clear();
      List<HttpResponse<String>> rs = concurrently(c, 8, i -> i < 2 ? seeded : chat(",\"max_tokens\":10"));
      for (int i = 0; i < 2; i++) {
        assertThat(json(rs.get(i)).path("choices").get(0).path("message").path("content").asText())
            .isEqualTo(alone);
      }
      // the two seeded requests each had a call of their own; the six others shared what was left
      assertThat(policy.batchSizes.stream().filter(s -> s == 1).count()).isGreaterThanOrEqualTo(2);
      assertThat(policy.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
    }
  }

  @Test
  void aRequestThePolicyRefusesFailsAloneAndItsBatchmateIsServed() throws Exception {
    try (Gateway g = Gateway.builder().policy(policy, "v").port(0).maxBatch(2).maxWait(LONG_WAIT).build().start()) {
      TestClient c = new TestClient(g);
      List<Future<HttpResponse<String>>> fs = List.of(
          clients.submit(() -> c.post("/v1/completions", "{\"model\":\"tao\",\"prompt\":\"" + "z".repeat(240)
              + "\",\"max_tokens\":32}")),
          clients.submit(() -> c.post("/v1/completions", "{\"model\":\"tao\",\"prompt\":\"ok\",\"max_tokens\":32}")));
      assertThat(fs.get(0).get().statusCode()).isEqualTo(400);
      assertThat(fs.get(1).get().statusCode()).isEqualTo(200);
      assertThat(policy.batchSizes).containsExactly(2, 1, 1);
    }
  }

  @Test
  void manyConcurrentClientsAreAllServedAndEachAnswerIsOneRow(@TempDir Path dir) throws Exception {
    int requests = 64;
    try (InferenceTable table = InferenceTable.open(dir)) {
      List<HttpResponse<String>> rs;
      Gateway g = Gateway.builder().policy(policy, "v").port(0).maxBatch(16).inferenceTable(table).build().start();
      try (g) {
        rs = concurrently(new TestClient(g), requests, i -> chat(",\"max_tokens\":" + (2 + i % 3)));
      } // close() waits for every handler to finish its reply (a client can hold its answer first) and flushes the table
      assertThat(g.stats().requests(200)).isEqualTo(requests);
      assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
      assertThat(table.count()).isEqualTo(requests);
      assertThat(table.rowsSince(0, 1000)).extracting(r -> r.inference().requestId())
          .containsExactlyInAnyOrderElementsOf(rs.stream().map(r -> json(r).path("id").asText()).toList());
      assertThat(policy.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(requests);
    }
  }
}
