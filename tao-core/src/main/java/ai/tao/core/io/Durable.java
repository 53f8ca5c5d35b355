package ai.tao.core.io;

import ai.tao.api.OutputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Files and folders that survive a crash: written under a temporary name, synced to disk (files,
 * then the folders that hold them), then renamed into place in one atomic step, so a reader sees
 * either the old state or the whole new one, never half of it.
 *
 * <p>Why sync folders too: on Linux a rename is durable only once the folder holding the new name
 * is synced, and a file's data only once the file is; without both, a power cut after the rename
 * can leave the new name pointing at empty files. Where folders cannot be opened for syncing
 * (Windows) that step is skipped: the rename is still atomic.
 *
 * <p>Used by the run's resume states and by the model registry; a plugin that writes state of its
 * own can use it too.
 *
 * @since 0.5
 */
public final class Durable {
  /** Prefix of folders and files being written; a crash leaves them, {@link #isScratch} finds them. */
  public static final String TEMP_PREFIX = ".tmp-";
  /** Prefix of folders being deleted (renamed first so a half-deleted folder never keeps its real name). */
  public static final String TRASH_PREFIX = ".trash-";

  private Durable() {}

  /** A temporary or trash name as this class makes them: prefix, the real name, a random UUID. */
  private static final Pattern SCRATCH = Pattern.compile(
      "\\.(tmp|trash)-.+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Whether {@code name} is a leftover of an interrupted write or delete made by this class. */
  public static boolean isScratch(String name) {
    return SCRATCH.matcher(name).matches();
  }

  /** A fresh temporary sibling name for {@code target}, in the same folder (so the rename stays atomic). */
  public static Path tempFor(Path target) {
    return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
  }

  /** Writes {@code bytes} to {@code file} atomically: temporary file, sync, rename, sync of the folder. */
  public static void writeAtomically(Path file, byte[] bytes) {
    Path tmp = tempFor(file);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      move(tmp, file);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new OutputException("cannot write " + file + ": " + e.getMessage() + "; check the disk and permissions", e);
    }
  }

  /**
   * Syncs every file under {@code dir} to disk and returns each file's size and CRC-32C, by path
   * relative to {@code dir} with '/' separators; then syncs the folders, deepest first.
   */
  public static Map<String, FileSum> syncTree(Path dir) {
    Map<String, FileSum> sums = new TreeMap<>();
    List<Path> dirs = new ArrayList<>();
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          dirs.add(d);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          sums.put(relative(dir, f), sumAndSync(f, true));
          return FileVisitResult.CONTINUE;
        }
      });
      for (int i = dirs.size() - 1; i >= 0; i--) {
        syncDir(dirs.get(i));
      }
    } catch (IOException e) {
      throw new OutputException("cannot sync " + dir + " to disk: " + e.getMessage() + "; check the disk", e);
    }
    return sums;
  }

  /** Size and CRC-32C of a file, read back from disk. */
  public static FileSum sum(Path file) throws IOException {
    return sumAndSync(file, false);
  }

  private static FileSum sumAndSync(Path file, boolean sync) throws IOException {
    CRC32C crc = new CRC32C();
    long size = 0;
    StandardOpenOption[] mode = sync ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
        : new StandardOpenOption[] {StandardOpenOption.READ};
    try (FileChannel ch = FileChannel.open(file, mode)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
      int n;
      while ((n = ch.read(buf)) >= 0) {
        buf.flip();
        crc.update(buf);
        buf.clear();
        size += n;
      }
      if (sync) {
        ch.force(true);
      }
    }
    return new FileSum(size, crc.getValue());
  }

  /** Syncs a folder's entries (new names, renames) to disk; a no-op where folders cannot be opened. */
  public static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      // Windows cannot open a folder as a channel; its renames are atomic without this.
    }
  }

  /** Renames {@code from} to {@code to} atomically (same folder or file system), then syncs {@code to}'s folder. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + to + " cannot rename atomically (" + e.getMessage() + ")", e);
    }
    syncDir(to.toAbsolutePath().getParent());
  }

  /**
   * Puts the folder {@code fresh} (complete and synced) in the place of {@code target}, which may
   * exist: the old one is renamed aside first and deleted after, so {@code target} is at every
   * moment either the old folder, absent, or the new one, never a mix.
   */
  public static void replace(Path fresh, Path target) {
    try {
      if (Files.exists(target)) {
        discard(target);
      }
      move(fresh, target);
    } catch (IOException e) {
      throw new OutputException("cannot move " + fresh + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a file or folder: renamed aside first (atomic), then deleted, so no half-deleted folder keeps its name. */
  public static void discard(Path p) {
    Path trash = p.resolveSibling(TRASH_PREFIX + p.getFileName() + "-" + UUID.randomUUID());
    try {
      move(p, trash);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new OutputException("cannot remove " + p + ": " + e.getMessage() + "; check permissions", e);
    }
    deleteTree(trash);
  }

  /** Deletes a file or a folder and all it holds. */
  public static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try {
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          Files.delete(f);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new OutputException("cannot delete " + p + ": " + e.getMessage() + "; check permissions", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the write failed already; that error is the one to report
    }
  }

  private static String relative(Path dir, Path f) {
    return dir.relativize(f).toString().replace('\\', '/');
  }

  /**
   * A file's size and CRC-32C: enough to tell a complete file from a torn or damaged one.
   *
   * @param bytes size in bytes
   * @param crc32c CRC-32C of the content
   */
  public record FileSum(long bytes, long crc32c) {}
}
