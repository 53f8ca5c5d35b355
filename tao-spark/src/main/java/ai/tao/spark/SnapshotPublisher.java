package ai.tao.spark;

import ai.tao.api.OutputException;
import ai.tao.api.Policy;
import ai.tao.core.io.Durable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the driver's policy as numbered snapshots (v000001, v000002, ...) into a run's own folder
 * that every executor can read (shared storage, or a local folder when driver and executors share a
 * machine). A snapshot appears under its name only once it is complete (written aside, synced and
 * renamed by {@link Durable}), and all but the newest {@value ExecutorCache#KEPT_VERSIONS} are
 * deleted.
 */
final class SnapshotPublisher {
  private final Path root;
  private int version;

  /** Snapshots go into a fresh sub-folder of {@code parent}, so that no executor mistakes them for another run's. */
  SnapshotPublisher(Path parent) {
    this.root = parent.toAbsolutePath().resolve("run-" + java.util.UUID.randomUUID());
  }

  /** The folder this publisher's snapshots go into. */
  Path root() {
    return root;
  }

  /** Publishes the policy's current weights; returns the snapshot folder. */
  Path publish(Policy policy) {
    version++;
    Path dir = root.resolve(name(version));
    Path tmp = Durable.tempFor(dir);
    try {
      Files.createDirectories(root);
      policy.save(tmp);
      Durable.move(tmp, dir);
    } catch (IOException | UncheckedIOException e) {
      Durable.deleteTree(tmp);
      throw new OutputException("cannot publish policy snapshot " + dir + " for the executors: " + e.getMessage()
          + "; check that the snapshot folder is writable and has room", e);
    }
    int old = version - ExecutorCache.KEPT_VERSIONS;
    if (old >= 1) {
      Durable.discard(root.resolve(name(old)));
    }
    return dir;
  }

  private static String name(int version) {
    return String.format(Locale.ROOT, "v%06d", version);
  }

  /** Snapshots published so far. */
  int version() {
    return version;
  }
}
