package ai.tao.serve.bench;

import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.serve.Gateway;
import ai.tao.serve.ServingStats;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on a served policy over loopback: one client at a time, then many at once, each for a fixed
 * duration, against the same gateway. Prints JSON: completion tokens per second for each phase and
 * their ratio, latency p50/p99 as the clients saw it, the count of 5xx and other failures, and the
 * inference table's rows against the answers served. A measurement, not a test.
 *
 * <pre>
 * GatewayLoad [--duration SECONDS] [--clients N] [--max-tokens N] [--max-batch N] [--max-wait-ms MS]
 *             [--model DIR] [--db DIR]
 * </pre>
 *
 * <p>Defaults: 60 s a phase, 32 clients, 16 tokens per request, batches of up to 16 or 5 ms, a
 * freshly initialised byte-level model of the demo's size (4 layers, width 128; it writes
 * gibberish, which costs the same as sense) unless {@code --model} names a Hugging Face folder, and
 * the inference table in a new temporary folder. Requests carry no seed, so they are batched.
 */
public final class GatewayLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayLoad() {}

  /** What one phase saw. */
  record Phase(int clients, double seconds, long ok, long serverErrors, long otherErrors, long tokens,
      double[] latenciesMs) {
    double tokensPerSecond() {
      return tokens / seconds;
    }

    ObjectNode toJson() {
      double[] sorted = latenciesMs.clone();
      Arrays.sort(sorted);
      ObjectNode n = JSON.createObjectNode();
      n.put("clients", clients).put("seconds", seconds).put("responses_200", ok).put("responses_5xx", serverErrors)
          .put("other_failures", otherErrors).put("completion_tokens", tokens)
          .put("tokens_per_s", tokensPerSecond()).put("requests_per_s", ok / seconds)
          .put("latency_p50_ms", quantile(sorted, 0.50)).put("latency_p99_ms", quantile(sorted, 0.99));
      return n;
    }
  }

  public static void main(String[] args) throws Exception {
    int duration = 60;
    int clients = 32;
    int maxTokens = 16;
    int maxBatch = 16;
    int maxWaitMs = 5;
    Path model = null;
    Path db = null;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--duration" -> duration = Integer.parseInt(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--max-tokens" -> maxTokens = Integer.parseInt(v);
        case "--max-batch" -> maxBatch = Integer.parseInt(v);
        case "--max-wait-ms" -> maxWaitMs = Integer.parseInt(v);
        case "--model" -> model = Path.of(v);
        case "--db" -> db = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --duration --clients --max-tokens --max-batch --max-wait-ms --model --db");
      }
    }
    if (db == null) {
      db = Files.createTempDirectory("tao-gateway-load");
    }
    ObjectNode out = JSON.createObjectNode();
    try (DecoderPolicy policy = model == null ? demoSized() : DecoderPolicy.load(model);
        InferenceTable table = InferenceTable.open(db)) {
      Phase one;
      Phase many;
      ServingStats stats;
      try (Gateway gateway = Gateway.builder().policy(policy, "load-1").port(0).maxBatch(maxBatch)
          .maxWait(Duration.ofMillis(maxWaitMs)).maxTokensLimit(Math.max(maxTokens, 1))
          .defaultMaxTokens(Math.max(maxTokens, 1)).maxConcurrentRequests(Math.max(64, clients * 2))
          .inferenceTable(table).build().start()) {
        String body = "{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"Say something about"
            + " databases.\"}],\"max_tokens\":" + maxTokens + "}";
        run(gateway.baseUri(), body, 1, 3); // warm-up: JIT, engine, first allocations
        one = run(gateway.baseUri(), body, 1, duration);
        many = run(gateway.baseUri(), body, clients, duration);
        stats = gateway.stats();
      } // close() flushes the table
      long served = stats.requests(200);
      out.put("model", model == null ? "fresh byte-level, 4 layers, width 128" : model.toString());
      out.put("max_tokens", maxTokens).put("max_batch", maxBatch).put("max_wait_ms", maxWaitMs);
      out.set("one_client", one.toJson());
      out.set("many_clients", many.toJson());
      out.put("throughput_ratio", many.tokensPerSecond() / Math.max(one.tokensPerSecond(), 1e-9));
      out.put("mean_batch_size", stats.meanBatchSize());
      out.put("gateway_5xx", stats.requests(500, 599));
      out.put("responses_served_200", served);
      out.put("table_rows", table.count());
      out.put("table_rows_dropped", table.stats().dropped());
      out.put("table_rows_equal_responses", table.count() == served);
      out.put("table", table.jdbcUrl());
    }
    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
  }

  /** A freshly initialised model the size of the demo's (≈0.8M parameters), byte vocabulary. */
  static DecoderPolicy demoSized() {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(128).intermediateSize(352).numLayers(4)
        .numHeads(4).numKvHeads(2).maxPositions(256).rmsNormEps(1e-5).tieWordEmbeddings(true).build();
    return DecoderPolicy.fresh("load", c, tok, 1);
  }

  /** {@code clients} threads, each sending {@code body} again and again for {@code seconds}. */
  static Phase run(URI base, String body, int clients, int seconds) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    AtomicLong ok = new AtomicLong();
    AtomicLong server = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicLong tokens = new AtomicLong();
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                JsonNode n = JSON.readTree(r.body());
                tokens.addAndGet(n.path("usage").path("completion_tokens").asLong());
                ok.incrementAndGet();
                latencies.add((System.nanoTime() - t0) / 1e6);
              } else if (r.statusCode() >= 500) {
                server.incrementAndGet();
              } else {
                other.incrementAndGet();
              }
            } catch (IOException e) {
              other.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        } finally {
          done.countDown();
        }
      }, "load-client-" + c);
      t.start();
    }
    while (!done.await(5, TimeUnit.SECONDS)) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.err.printf("%d client(s): %.0f/%d s, %d answers, %.0f tokens/s, ETA %.0f s%n", clients, elapsed,
          seconds, ok.get(), tokens.get() / elapsed, Math.max(0, seconds - elapsed));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double[] ls = latencies.stream().mapToDouble(Double::doubleValue).toArray();
    return new Phase(clients, elapsed, ok.get(), server.get(), other.get(), tokens.get(), ls);
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
