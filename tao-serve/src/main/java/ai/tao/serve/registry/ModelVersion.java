package ai.tao.serve.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One registered version: its manifest and the folder holding it, a complete Hugging Face model
 * folder as {@link ai.tao.api.Policy#save} wrote it, plus {@code manifest.json}. Load it with
 * {@link ModelRegistry#load}, or point any Hugging Face reader (transformers, vLLM) at {@link
 * #folder()}.
 *
 * @param manifest what was registered
 * @param folder the version's folder, {@code REGISTRY/versions/ID}
 * @since 0.5
 */
public record ModelVersion(VersionManifest manifest, Path folder) {
  public ModelVersion {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(folder, "folder");
  }

  /** The version id, {@code manifest().id()}. */
  public String id() {
    return manifest.id();
  }
}
