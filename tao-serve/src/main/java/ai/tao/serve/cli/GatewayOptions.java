package ai.tao.serve.cli;

import ai.tao.serve.Gateway;
import ai.tao.serve.table.InferenceTable;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code tao serve} and {@code tao flywheel --serve} serve, and where they capture. */
final class GatewayOptions {

  @Option(names = "--name", defaultValue = "tao", description = "model name clients ask for (default: ${DEFAULT-VALUE})")
  String name;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "8000", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--api-key-env", defaultValue = "TAO_API_KEY", paramLabel = "VAR",
      description = "environment variable holding the bearer API key, required off loopback (default: ${DEFAULT-VALUE})")
  String keyVariable;

  @Option(names = "--max-batch", description = "requests batched into one sampler call (default: the gateway's)")
  Integer maxBatch;

  @Option(names = "--max-wait-ms", description = "how long a batch waits to fill, in ms (default: the gateway's)")
  Long maxWaitMs;

  /**
   * A gateway builder with these options; the API key is read from the environment, never from the
   * command line, where other users of the machine could read it.
   */
  Gateway.Builder gateway() {
    Gateway.Builder g = Gateway.builder().modelName(name).host(host).port(port);
    if (maxBatch != null) {
      g.maxBatch(maxBatch);
    }
    if (maxWaitMs != null) {
      g.maxWait(Duration.ofMillis(maxWaitMs));
    }
    String key = System.getenv(keyVariable);
    if (key != null && !key.isBlank()) {
      g.apiKey(key.strip());
    }
    return g;
  }

  /** Where requests are captured: an H2 file folder, or any JDBC URL. */
  static final class Table {
    @Option(names = "--db", defaultValue = "tao-inference",
        description = "folder of the embedded H2 inference table (default: ${DEFAULT-VALUE})")
    Path db;

    @Option(names = "--jdbc", paramLabel = "URL", description = "any JDBC URL for the inference table instead of --db")
    String jdbc;

    InferenceTable open() {
      return jdbc != null ? InferenceTable.builder().jdbcUrl(jdbc).build() : InferenceTable.open(db);
    }
  }
}
