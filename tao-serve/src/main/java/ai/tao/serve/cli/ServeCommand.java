package ai.tao.serve;

import ai.tao.api.ConfigurationException;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.table.InferenceTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Serves a Hugging Face folder stand-alone until the process is stopped (Ctrl-C, SIGTERM): the
 * shutdown hook closes the gateway gracefully, then the inference table, so every answered request
 * is written.
 *
 * <pre>
 * ServeCommand MODEL_DIR [--version V] [--name NAME] [--host H] [--port P] [--db DIR | --jdbc URL]
 *                        [--api-key-env VAR] [--max-batch N] [--max-wait-ms MS]
 * </pre>
 *
 * <p>Defaults: version = the folder's name, name {@code tao}, {@code 127.0.0.1:8000}, the table in
 * {@code ./tao-inference}. The API key is read from the environment variable named by {@code
 * --api-key-env} (default {@code TAO_API_KEY}) when it is set, never from the command line, where
 * other users of the machine could read it; a host other than loopback needs one.
 */
public final class ServeCommand {
  private ServeCommand() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println("usage: ServeCommand MODEL_DIR [--version V] [--name NAME] [--host H] [--port P]"
          + " [--db DIR | --jdbc URL] [--api-key-env VAR] [--max-batch N] [--max-wait-ms MS]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String version = dir.getFileName().toString();
    String keyVariable = "TAO_API_KEY";
    Path db = Path.of("tao-inference");
    String jdbc = null;
    Gateway.Builder gateway = Gateway.builder();
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new ConfigurationException("option " + args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--version" -> version = v;
        case "--name" -> gateway.modelName(v);
        case "--host" -> gateway.host(v);
        case "--port" -> gateway.port(Integer.parseInt(v));
        case "--db" -> db = Path.of(v);
        case "--jdbc" -> jdbc = v;
        case "--api-key-env" -> keyVariable = v;
        case "--max-batch" -> gateway.maxBatch(Integer.parseInt(v));
        case "--max-wait-ms" -> gateway.maxWait(Duration.ofMillis(Long.parseLong(v)));
        default -> throw new ConfigurationException("unknown option " + args[i] + "; see the usage line");
      }
    }
    String key = System.getenv(keyVariable);
    if (key != null && !key.isBlank()) {
      gateway.apiKey(key.strip());
    }
    DecoderPolicy policy = DecoderPolicy.load(dir);
    InferenceTable table = jdbc != null ? InferenceTable.builder().jdbcUrl(jdbc).build() : InferenceTable.open(db);
    Gateway running;
    try {
      running = gateway.policy(policy, version).inferenceTable(table).build().start();
    } catch (RuntimeException e) {
      table.close();
      policy.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      table.close();
      policy.close();
      stopped.countDown();
    }, "tao-serve-shutdown"));
    System.err.println("serving " + dir + " at " + running.baseUri() + "; Ctrl-C stops");
    stopped.await(); // the HTTP server's own thread keeps the JVM up; this keeps main from returning early
  }
}
