package ai.tao.serve.flywheel;

import ai.tao.api.OutputException;
import ai.tao.core.io.Durable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files written whole or not at all, through {@link Durable}: a reader, or a process restarted
 * after a crash, sees the old content or the new, never half of it.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to {@code file}, creating its folder if needed.
   *
   * @throws OutputException if the file cannot be written
   */
  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new OutputException("cannot create the folder of " + file + ": " + e.getMessage()
          + "; check that it is writable", e);
    }
    Durable.writeAtomically(file, bytes);
  }
}
