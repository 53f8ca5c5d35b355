package ai.tao.spark;

import ai.tao.api.OutputException;
import ai.tao.api.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the driver's policy as numbered snapshots (v000001, v000002, ...) into a run's own folder that every
 * executor can read (shared storage, or a local folder when driver and executors share a machine).
 * A snapshot appears under its name only once it is complete (written aside, then moved), and all
 * but the newest {@value ExecutorCache#KEPT_VERSIONS} are deleted.
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
    String name = String.format(java.util.Locale.ROOT, "v%06d", version);
    Path dir = root.resolve(name);
    Path tmp = root.resolve("." + name + ".partial");
    try {
      Files.createDirectories(root);
      deleteTree(tmp);
      policy.save(tmp);
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir);
      }
      int old = version - ExecutorCache.KEPT_VERSIONS;
      if (old >= 1) {
        deleteTree(root.resolve(String.format(java.util.Locale.ROOT, "v%06d", old)));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new OutputException("cannot publish policy snapshot " + dir + " for the executors: " + e.getMessage()
          + "; check that the snapshot folder is writable and has room", e);
    }
    return dir;
  }

  /** Snapshots published so far. */
  int version() {
    return version;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
