package ai.tao.serve;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Policy;
import ai.tao.serve.internal.ApiHandler;
import ai.tao.serve.internal.Batcher;
import ai.tao.serve.internal.GatewayMetrics;
import ai.tao.serve.internal.RequestParser;
import ai.tao.serve.table.InferenceTable;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Policy} over an OpenAI-compatible HTTP API, on the JDK's built-in HTTP server, and
 * captures every answered request into an {@link InferenceTable}.
 *
 * <pre>{@code
 * try (InferenceTable table = InferenceTable.open(Path.of("traffic"));
 *     Gateway gateway = Gateway.builder().policy(policy, "v1").port(8000).inferenceTable(table).build().start()) {
 *   // POST http://127.0.0.1:8000/v1/chat/completions {"model":"tao","messages":[{"role":"user","content":"Hi"}]}
 * }
 * }</pre>
 *
 * <p><b>Endpoints.</b> {@code POST /v1/chat/completions} and {@code POST /v1/completions}, plain or
 * streamed ({@code "stream":true}, server-sent events ending in {@code data: [DONE]}); {@code GET
 * /v1/models}; {@code GET /health} (no key needed); {@code GET /metrics} ({@link ServingStats} as
 * JSON). Every error is a 4xx (or, for a fault of the server, a 5xx) with an OpenAI-style body
 * {@code {"error":{"message","type","param","code"}}}; the server keeps serving whatever a request
 * holds. Streaming is not token by token: {@link Policy#sample} has no per-token callback, so the
 * whole completion is generated first and then sent in small chunks.
 *
 * <p><b>Models.</b> Clients name the model by the gateway's {@linkplain Builder#modelName name}
 * (stable across swaps) or by the current version; the {@code model} field of every answer is the
 * version that generated it.
 *
 * <p><b>Batching.</b> Concurrent requests with equal sampling settings go to the policy in one
 * {@link Policy#sample} call, up to {@link Builder#maxBatch} requests or {@link Builder#maxWait}
 * after the oldest arrived; exactly one thread ever calls the policy, so policies need not be
 * thread-safe. A request that sends a {@code seed} is served alone, which makes its answer
 * reproducible: the same request, seed and version give the same text, streamed or not, whatever
 * else is being served. Requests without a seed get a seed drawn per batch.
 *
 * <p><b>Ownership.</b> The gateway never closes a policy. {@link #swap} returns the replaced policy
 * once no batch can use it any more, and after {@link #close()} the gateway uses none: close them
 * then. The inference table, too, stays the caller's: {@link #close()} flushes it and leaves it
 * open.
 *
 * <p><b>Security.</b> The gateway binds to loopback unless told otherwise, and refuses to bind any
 * other address without an {@link Builder#apiKey API key}; with a key, every endpoint but {@code
 * /health} needs {@code Authorization: Bearer <key>}. Bodies, {@code max_tokens} and {@code n} are
 * limited ({@link Builder#maxBodyBytes}, {@link Builder#maxTokensLimit}, {@link Builder#maxN}).
 *
 * @since 0.3
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /**
   * The JDK's server writes a reply's headers and body separately and leaves Nagle's algorithm on
   * unless this property says otherwise; with the client's delayed ACKs every small reply then waits
   * about 40 ms. It is read once, when the first server of the JVM is created, so it is set here
   * (where the host has not set it) before any gateway binds: a JVM-wide change, to TCP_NODELAY for
   * every {@code com.sun.net.httpserver} server of the process.
   */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  private final Builder config;
  private final GatewayMetrics metrics = new GatewayMetrics();
  private volatile HttpServer server; // set once by start(), read by any thread
  private ExecutorService handlers;
  private volatile Batcher batcher;
  private volatile boolean draining;
  private boolean closed;

  private Gateway(Builder config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the address and starts serving.
   *
   * @return this gateway
   * @throws ConfigurationException if it was started before, or the address cannot be bound (a port
   *     in use: choose another, or 0 for any free one)
   */
  public synchronized Gateway start() {
    if (server != null || closed) {
      throw new ConfigurationException("this gateway was started already; build a new one");
    }
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.host), config.port), 0);
    } catch (IOException e) {
      throw new ConfigurationException("cannot bind " + config.host + ":" + config.port + " (" + e.getMessage()
          + "); choose another port, or port 0 for any free one", e);
    }
    batcher = new Batcher(config.policy, config.version, config.maxBatch, config.maxWait, config.seed, metrics);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "tao-gateway-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    handlers = Executors.newFixedThreadPool(config.maxConcurrentRequests, threads);
    RequestParser parser = new RequestParser(new RequestParser.Limits(config.maxTokensLimit,
        config.defaultMaxTokens, config.maxN));
    s.createContext("/", new ApiHandler(config.modelName, Optional.ofNullable(config.apiKey), config.maxBodyBytes,
        parser, batcher, metrics, Optional.ofNullable(config.table), this::stats, () -> draining));
    s.setExecutor(handlers);
    s.start();
    server = s;
    LOG.info("serving model '{}' version {} at {} ({}); batches of up to {} requests or {} ms; limits: body {} bytes,"
        + " max_tokens {} (default {}), n {}, {} requests at once; {}", config.modelName, config.version, baseUri(),
        config.apiKey == null ? "no API key, loopback only" : "API key required", config.maxBatch,
        config.maxWait.toMillis(), config.maxBodyBytes, config.maxTokensLimit, config.defaultMaxTokens, config.maxN,
        config.maxConcurrentRequests, config.table == null ? "requests are NOT captured (no inference table)"
            : "requests captured into " + config.table.table() + " at " + config.table.jdbcUrl());
    return this;
  }

  /**
   * The port bound (the one chosen when built with port 0).
   *
   * @throws ConfigurationException if not started
   */
  public int port() {
    return started().getAddress().getPort();
  }

  /** The server's base address, {@code http://host:port}. */
  public URI baseUri() {
    InetSocketAddress a = started().getAddress();
    String host = a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
  }

  /** The name clients ask for. */
  public String modelName() {
    return config.modelName;
  }

  /** The version serving new batches. */
  public String version() {
    return batcher == null ? config.version : batcher.version();
  }

  /**
   * Serves {@code newPolicy} as {@code newVersion} from the next batch on, dropping no request: the
   * batch running finishes on the old policy, everything after it (including requests already
   * queued) runs on the new one.
   *
   * @return completes with the replaced policy once no batch can use it: it is the caller's again
   *     (close it, or train it). Should another swap replace this one before it took effect, it
   *     completes with {@code newPolicy}, never served.
   * @throws ConfigurationException if the gateway is not started or closed, or the version is blank
   */
  public CompletableFuture<Policy> swap(Policy newPolicy, String newVersion) {
    Objects.requireNonNull(newPolicy, "newPolicy");
    Builder.checkVersion(newVersion);
    started();
    return batcher.swap(newPolicy, newVersion);
  }

  /** The counters {@code GET /metrics} reports. */
  public ServingStats stats() {
    return metrics.snapshot(version(), batcher == null ? 0 : batcher.queueDepth(),
        Optional.ofNullable(config.table).map(InferenceTable::stats));
  }

  /**
   * Stops gracefully: new requests get a 503 while those in flight finish (for at most {@link
   * Builder#shutdownTimeout}), then the server stops, the batcher serves what is left, and the
   * inference table is flushed (not closed). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server == null) {
      return;
    }
    draining = true;
    batcher.stopWaiting(); // no new request will join a waiting batch
    long deadline = System.nanoTime() + config.shutdownTimeout.toNanos();
    while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (metrics.inFlight() > 0) {
      LOG.warn("{} requests still in flight after {}; stopping anyway", metrics.inFlight(), config.shutdownTimeout);
    }
    server.stop(0); // in-flight requests are done: nothing to wait for (JDK 17 would wait the whole delay)
    batcher.close();
    handlers.shutdown();
    try {
      handlers.awaitTermination(config.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (config.table != null) {
      config.table.flush();
    }
    ServingStats s = stats();
    LOG.info("gateway stopped: {} requests answered ({} served completions, {} completion tokens)",
        s.requests(0, 999), s.latencySamples(), s.completionTokens());
  }

  private HttpServer started() {
    if (server == null) {
      throw new ConfigurationException("the gateway is not started: call start() first");
    }
    return server;
  }

  /**
   * Settings of a {@link Gateway}; {@link #build()} validates them.
   *
   * @since 0.3
   */
  public static final class Builder {
    private Policy policy;
    private String version;

    /** The model name clients send; stays the same across swaps. Default {@code "tao"}. */
    private String modelName = "tao";

    /**
     * Address to bind. Default {@code 127.0.0.1}: only this machine can connect. Any other address
     * needs an {@link #apiKey}.
     */
    private String host = "127.0.0.1";

    /** Port to bind; 0 picks a free one ({@link Gateway#port()} tells which). Default 8000. */
    private int port = 8000;

    /** Bearer key clients must send. Default none, allowed only on a loopback address. */
    private String apiKey;

    /** Most requests in one sampler call. Default 16. */
    private int maxBatch = 16;

    /**
     * Longest a request waits for others to share its batch. Default 5 ms: small next to a sampling
     * call, long enough for concurrent clients to meet.
     */
    private Duration maxWait = Duration.ofMillis(5);

    /** Largest request body accepted, in bytes; larger ones get a 413. Default 1 MiB. */
    private int maxBodyBytes = 1 << 20;

    /** Largest {@code max_tokens} accepted; larger get a 400. Default 1024. */
    private int maxTokensLimit = 1024;

    /** {@code max_tokens} of a request that gives none. Default 256. */
    private int defaultMaxTokens = 256;

    /** Largest {@code n} (choices per request) accepted. Default 8. */
    private int maxN = 8;

    /**
     * Requests handled at once (handler threads); further connections wait to be taken. Default 64:
     * more than {@link #maxBatch}, so that a batch can fill while the previous one samples.
     */
    private int maxConcurrentRequests = 64;

    /** Where requests are captured. Default none: nothing is captured, and the start log says so. */
    private InferenceTable table;

    /** Seed of the per-batch seeds of unseeded requests. Default: drawn at random for each gateway. */
    private long seed = new SplittableRandom().nextLong();

    /** Longest {@link Gateway#close()} waits for requests in flight. Default 30 s. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The policy to serve and its version, as answers and the inference table name it. Required. */
    public Builder policy(Policy policy, String version) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName");
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    public Builder maxWait(Duration maxWait) {
      this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
      return this;
    }

    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder maxTokensLimit(int maxTokensLimit) {
      this.maxTokensLimit = maxTokensLimit;
      return this;
    }

    public Builder defaultMaxTokens(int defaultMaxTokens) {
      this.defaultMaxTokens = defaultMaxTokens;
      return this;
    }

    public Builder maxN(int maxN) {
      this.maxN = maxN;
      return this;
    }

    public Builder maxConcurrentRequests(int maxConcurrentRequests) {
      this.maxConcurrentRequests = maxConcurrentRequests;
      return this;
    }

    public Builder inferenceTable(InferenceTable table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      return this;
    }

    /**
     * @throws ConfigurationException naming the setting at fault: no policy, a blank version or key,
     *     a value out of range, or a non-loopback host without an API key
     */
    public Gateway build() {
      if (policy == null) {
        throw new ConfigurationException("gateway: no policy to serve; call policy(policy, \"version\")");
      }
      checkVersion(version);
      if (modelName.isBlank()) {
        throw new ConfigurationException("gateway modelName must not be blank");
      }
      if (port < 0 || port > 65_535) {
        throw new ConfigurationException("gateway port must be in [0, 65535] (0: any free port), got " + port);
      }
      if (apiKey != null && (apiKey.isBlank() || !apiKey.equals(apiKey.strip()))) {
        throw new ConfigurationException("gateway apiKey must not be blank or start or end with whitespace");
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new ConfigurationException("gateway host '" + host + "' does not resolve; use an IP address such as"
            + " 127.0.0.1", e);
      }
      if (!address.isLoopbackAddress() && apiKey == null) {
        throw new ConfigurationException("gateway host " + host + " is not a loopback address, and no API key is set:"
            + " anyone who reaches it could use the model. Set apiKey(...) (clients then send 'Authorization:"
            + " Bearer <key>'), or bind 127.0.0.1");
      }
      positive("maxBatch", maxBatch);
      positive("maxBodyBytes", maxBodyBytes);
      positive("maxTokensLimit", maxTokensLimit);
      positive("maxN", maxN);
      positive("maxConcurrentRequests", maxConcurrentRequests);
      if (defaultMaxTokens < 1 || defaultMaxTokens > maxTokensLimit) {
        throw new ConfigurationException("gateway defaultMaxTokens " + defaultMaxTokens + " must be in [1,"
            + " maxTokensLimit " + maxTokensLimit + "]");
      }
      if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new ConfigurationException("gateway maxWait must be from 0 to 10 s (a few ms is usual), got "
            + maxWait);
      }
      if (shutdownTimeout.isNegative()) {
        throw new ConfigurationException("gateway shutdownTimeout must not be negative, got " + shutdownTimeout);
      }
      return new Gateway(copy()); // later changes to this builder do not reach the gateway
    }

    private Builder copy() {
      Builder b = new Builder();
      b.policy = policy;
      b.version = version;
      b.modelName = modelName;
      b.host = host;
      b.port = port;
      b.apiKey = apiKey;
      b.maxBatch = maxBatch;
      b.maxWait = maxWait;
      b.maxBodyBytes = maxBodyBytes;
      b.maxTokensLimit = maxTokensLimit;
      b.defaultMaxTokens = defaultMaxTokens;
      b.maxN = maxN;
      b.maxConcurrentRequests = maxConcurrentRequests;
      b.table = table;
      b.seed = seed;
      b.shutdownTimeout = shutdownTimeout;
      return b;
    }

    static void checkVersion(String version) {
      if (version == null || version.isBlank() || version.length() > 200) {
        throw new ConfigurationException("gateway policy version must be 1 to 200 characters, not blank, got '"
            + version + "'");
      }
    }

    private static void positive(String name, int value) {
      if (value <= 0) {
        throw new ConfigurationException("gateway " + name + " must be > 0, got " + value);
      }
    }
  }
}
