package ai.tao.serve.cli;

import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tao rollback}: the registry's current version goes back to the one current before the last
 * promotion.
 *
 * @since 0.5
 */
@Command(name = "rollback",
    description = "Go back to the version that was current before the last promotion.")
public final class RollbackCommand extends Subcommand {

  @Option(names = "--registry", required = true, paramLabel = "DIR", description = "the model registry")
  Path registry;

  @Override
  public Integer call() {
    ModelRegistry r = ModelRegistry.open(registry);
    String before = r.current().map(ModelVersion::id).orElse("none");
    ModelVersion now = r.rollback();
    out().println("current version of " + registry + ": " + before + " -> " + now.id() + " (rolled back)");
    return 0;
  }
}
