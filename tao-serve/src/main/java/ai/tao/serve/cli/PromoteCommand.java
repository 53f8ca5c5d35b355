package ai.tao.serve.cli;

import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tao promote}: makes a registered version the current one. A running {@code tao serve
 * --registry} keeps serving what it loaded; restart it, or let an in-process flywheel swap it.
 *
 * @since 0.5
 */
@Command(name = "promote",
    description = "Make a registered version the current one (a rejected version is refused).")
public final class PromoteCommand extends Subcommand {

  @Option(names = "--registry", required = true, paramLabel = "DIR", description = "the model registry")
  Path registry;

  @Parameters(index = "0", paramLabel = "VERSION", description = "the version to promote, e.g. v0002")
  String version;

  @Override
  public Integer call() {
    ModelRegistry r = ModelRegistry.open(registry);
    String before = r.current().map(ModelVersion::id).orElse("none");
    ModelVersion now = r.promote(version);
    out().println("current version of " + registry + ": " + before + " -> " + now.id());
    return 0;
  }
}
