package ai.tao.serve.cli;

import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.Gateway;
import ai.tao.serve.table.InferenceTable;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tao serve}: serves a Hugging Face folder, or a registry's current version, until the
 * process is stopped (Ctrl-C, SIGTERM). The shutdown hook closes the gateway gracefully, then the
 * inference table, so every answered request is written.
 *
 * <p>The API key is read from the environment variable named by {@code --api-key-env} (default
 * {@code TAO_API_KEY}) when it is set, never from the command line, where other users of the
 * machine could read it; a host other than loopback needs one.
 *
 * @since 0.5
 */
@Command(name = "serve",
    description = "Serve a model over the OpenAI-compatible API, capturing every request into the inference table.")
public final class ServeCommand extends Subcommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL_DIR",
      description = "Hugging Face folder to serve (or give --registry)")
  Path modelDir;

  @Option(names = "--registry", paramLabel = "DIR", description = "serve this model registry's current version")
  Path registry;

  @Option(names = "--version", paramLabel = "V",
      description = "version reported to clients and written to each row (default: the folder's name)")
  String version;

  @Mixin
  GatewayOptions serving;

  @Mixin
  GatewayOptions.Table capture;

  @Override
  public Integer call() throws InterruptedException {
    ServedModel served = ServedModel.resolve(modelDir, registry, version);
    DecoderPolicy policy = DecoderPolicy.load(served.folder());
    InferenceTable table = capture.open();
    Gateway running;
    try {
      running = serving.gateway().policy(policy, served.version()).inferenceTable(table).build().start();
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
    System.err.println("serving " + served.folder() + " (version " + served.version() + ") at " + running.baseUri()
        + "; Ctrl-C stops");
    stopped.await(); // the HTTP server's own thread keeps the JVM up; this keeps the command from returning early
    return 0;
  }
}
