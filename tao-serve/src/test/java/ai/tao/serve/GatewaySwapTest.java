package ai.tao.serve;

import static ai.tao.serve.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Policy;
import ai.tao.serve.table.InferenceRow;
import ai.tao.serve.table.InferenceTable;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping the policy under load, and stopping with requests in flight. */
class GatewaySwapTest {
  static final String BODY = "{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"swap\"}],"
      + "\"max_tokens\":4}";

  /** One answer as a client saw it: when it was sent (relative to the swap) and by which version. */
  record Seen(int status, String version, String id, boolean sentAfterSwap) {}

  @Test
  void aHotSwapUnderLoadDropsNothingAndTheNewVersionServesWhatFollows(@TempDir Path dir) throws Exception {
    TinyPolicies.Recording first = new TinyPolicies.Recording(TinyPolicies.tiny(4));
    TinyPolicies.Recording second = new TinyPolicies.Recording(TinyPolicies.tiny(5));
    ExecutorService clients = Executors.newFixedThreadPool(6);
    ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    AtomicBoolean swapped = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger afterSwap = new AtomicInteger();
    try (InferenceTable table = InferenceTable.open(dir)) {
      try (Gateway g = Gateway.builder().policy(first, "version-1").port(0).maxBatch(4).inferenceTable(table).build()
          .start()) {
        TestClient c = new TestClient(g);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          loops.add(clients.submit(() -> {
            while (!stop.get()) {
              boolean after = swapped.get();
              HttpResponse<String> r = c.chat(BODY);
              String version = r.statusCode() == 200 ? json(r).path("model").asText() : "";
              seen.add(new Seen(r.statusCode(), version, r.statusCode() == 200 ? json(r).path("id").asText() : "",
                  after));
              if (after) {
                afterSwap.incrementAndGet();
              }
            }
          }));
        }
        waitFor(() -> seen.size() >= 12);
        Policy returned = g.swap(second, "version-2").get(30, TimeUnit.SECONDS);
        swapped.set(true);
        int firstCalls = first.batchSizes.size();
        assertThat(returned).isSameAs(first);
        assertThat(g.version()).isEqualTo("version-2");
        waitFor(() -> afterSwap.get() >= 12);
        stop.set(true);
        for (Future<?> f : loops) {
          f.get();
        }
        assertThat(first.batchSizes).hasSize(firstCalls); // the old policy is out of service
        assertThat(first.closed).isFalse(); // and the caller's to close
        assertThat(json(c.get("/v1/models")).path("data").findValuesAsText("id")).containsExactly("tao", "version-2");
      }
      assertThat(seen).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
      assertThat(seen).filteredOn(Seen::sentAfterSwap).isNotEmpty()
          .allSatisfy(s -> assertThat(s.version()).isEqualTo("version-2"));
      assertThat(seen).filteredOn(s -> !s.sentAfterSwap()).extracting(Seen::version).contains("version-1");
      List<InferenceRow> rows = table.rowsSince(0, 10_000);
      assertThat(rows).hasSize(seen.size());
      for (Seen s : seen) {
        assertThat(rows).filteredOn(r -> r.inference().requestId().equals(s.id())).singleElement()
            .satisfies(r -> assertThat(r.inference().modelVersion()).isEqualTo(s.version()));
      }
    } finally {
      clients.shutdownNow();
      first.close();
      second.close();
    }
  }

  @Test
  void aSwapOnAGatewayNotRunningIsAClearError() {
    try (TinyPolicies.Recording p = new TinyPolicies.Recording(TinyPolicies.tiny(6))) {
      Gateway g = Gateway.builder().policy(p, "v1").port(0).build();
      assertThatThrownBy(() -> g.swap(p, "v2")).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("not started");
      g.start();
      assertThatThrownBy(() -> g.swap(p, "")).hasMessageContaining("version");
      g.close();
      assertThatThrownBy(() -> g.swap(p, "v2")).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void closeServesTheRequestsInFlightWritesTheirRowsAndThenRefusesConnections(@TempDir Path dir) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try (TinyPolicies.Recording p = new TinyPolicies.Recording(TinyPolicies.tiny(7));
        InferenceTable table = InferenceTable.open(dir)) {
      // batches of 8 that may wait 10 s: four requests sit in the queue until close() releases them
      Gateway g = Gateway.builder().policy(p, "v").port(0).maxBatch(8).maxWait(Duration.ofSeconds(10))
          .inferenceTable(table).build().start();
      TestClient c = new TestClient(g);
      List<Future<HttpResponse<String>>> fs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fs.add(clients.submit(() -> c.chat(BODY)));
      }
      waitFor(() -> g.stats().queueDepth() == 4);
      long t0 = System.nanoTime();
      g.close();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      for (Future<HttpResponse<String>> f : fs) {
        assertThat(f.get().statusCode()).isEqualTo(200);
      }
      assertThat(p.batchSizes).containsExactly(4);
      assertThat(table.stats().queued()).isZero();
      assertThat(table.count()).isEqualTo(4);
      assertThatThrownBy(() -> c.chat(BODY)).hasCauseInstanceOf(java.net.ConnectException.class);
    } finally {
      clients.shutdownNow();
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(5);
    }
  }
}
