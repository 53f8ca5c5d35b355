package ai.tao.serve.cli;

import ai.tao.api.ConfigurationException;
import ai.tao.serve.registry.ModelRegistry;
import ai.tao.serve.registry.ModelVersion;
import java.nio.file.Path;

/**
 * The model folder a command works on, and the version name it goes by: a folder given directly,
 * or a version of a model registry (its current one unless named).
 */
record ServedModel(Path folder, String version) {

  /**
   * @param modelDir a Hugging Face folder, or null
   * @param registry a registry folder, or null; exactly one of the two is given
   * @param version the version name: with a folder, how it is reported (default the folder's name);
   *     with a registry, which version (default the current one)
   * @throws ConfigurationException if both or neither are given, or the registry has no current version
   */
  static ServedModel resolve(Path modelDir, Path registry, String version) {
    if ((modelDir == null) == (registry == null)) {
      throw new ConfigurationException("give a MODEL_DIR or --registry DIR, not both and not neither");
    }
    if (modelDir != null) {
      return new ServedModel(modelDir, version != null ? version : modelDir.toAbsolutePath().getFileName().toString());
    }
    ModelRegistry r = ModelRegistry.open(registry);
    ModelVersion v = version != null ? r.version(version) : r.current().orElseThrow(() -> new ConfigurationException(
        "registry " + registry + " has no current version; promote one first (tao promote --registry " + registry
            + " VERSION)"));
    return new ServedModel(v.folder(), v.id());
  }
}
