package ai.tao.serve.flywheel;

import ai.tao.api.OutputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written whole or not at all: to a temporary file beside the target, forced to disk, then
 * renamed over it. A reader, or a process restarted after a crash, sees the old content or the new,
 * never half of it.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to {@code file}, creating its folder if needed.
   *
   * @throws OutputException if the file cannot be written
   */
  static void write(Path file, byte[] bytes) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) { // a file system without atomic rename: still whole, once moved
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new OutputException("cannot write " + file + ": " + e.getMessage()
          + "; check that the folder is writable and the disk is not full", e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // a stray temporary file is harmless: hidden, and never read
    }
  }
}
