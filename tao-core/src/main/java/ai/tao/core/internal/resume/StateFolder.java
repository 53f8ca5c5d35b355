package ai.tao.core.internal.resume;

import ai.tao.api.OutputException;
import ai.tao.core.io.Durable;
import ai.tao.core.io.Durable.FileSum;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code state/} folder of a run: one folder per resume state, {@code step-00000040/} after 40
 * steps, each written whole or not at all.
 *
 * <p>Writing a state: its parts go into a temporary folder {@code .tmp-step-…}; every file is synced
 * and its size and CRC-32C recorded; {@code manifest.json} is written last, listing them; the folder
 * is synced and renamed to its real name in one atomic step, and the {@code state/} folder synced.
 * There is no "latest" pointer to keep in step: the newest state is the {@code step-N} folder with
 * the highest N whose manifest reads and whose files match it. A crash mid-write leaves only a
 * temporary folder, which readers ignore and the next run removes; a state damaged later (a disk
 * error) fails its checksums and the one before it is used, with a warning.
 *
 * <p>Internal: not part of the API.
 */
public final class StateFolder {
  /** Name of the folder under the output folder. */
  public static final String NAME = "state";
  /** The manifest in each state folder. */
  public static final String MANIFEST = "manifest.json";
  private static final Pattern STEP = Pattern.compile("step-(\\d{8,})");

  private final Path dir;

  public StateFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /**
   * A state read back and checked.
   *
   * @param dir its folder
   * @param manifest what its manifest says
   */
  public record Stored(Path dir, ResumeState manifest) {}

  /** The {@code step-N} folders, highest N first. */
  public List<Path> steps() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> STEP.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
          .sorted(Comparator.comparingLong(StateFolder::number).reversed()).toList();
    } catch (IOException e) {
      throw new OutputException("cannot list resume states in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The newest state that reads and checks out; each newer one that does not is described in
   * {@code warnings}.
   */
  public Optional<Stored> newest(List<String> warnings) {
    for (Path p : steps()) {
      try {
        return Optional.of(read(p));
      } catch (IllegalStateException e) {
        warnings.add("resume state " + p + " is damaged and skipped: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a state's manifest and checks every file it lists (size, then CRC-32C).
   *
   * @throws IllegalStateException saying what is wrong with it
   */
  public static Stored read(Path stateDir) {
    ResumeState m;
    try {
      m = ResumeState.fromJson(StateJson.JSON.readTree(Files.readAllBytes(stateDir.resolve(MANIFEST))));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("its " + MANIFEST + " cannot be read (" + e.getMessage() + ")", e);
    }
    for (Map.Entry<String, FileSum> e : m.files().entrySet()) {
      Path f = stateDir.resolve(e.getKey());
      FileSum actual;
      try {
        actual = Durable.sum(f);
      } catch (IOException ex) {
        throw new IllegalStateException("its file " + e.getKey() + " cannot be read (" + ex.getMessage() + ")", ex);
      }
      if (!actual.equals(e.getValue())) {
        throw new IllegalStateException(String.format(Locale.ROOT, "its file %s has %d bytes (CRC-32C %08x) where the"
            + " manifest says %d (%08x)", e.getKey(), actual.bytes(), actual.crc32c(), e.getValue().bytes(),
            e.getValue().crc32c()));
      }
    }
    return new Stored(stateDir, m);
  }

  /**
   * Writes the state after {@code stepsDone} steps: {@code parts} fills the temporary folder, then
   * {@code manifest} is built from the synced files' sums and written last; the folder is then
   * moved into place atomically (replacing a damaged state of the same name).
   *
   * @return the state's folder
   * @throws OutputException if anything cannot be written; the temporary folder is removed
   */
  public Path write(long stepsDone, Consumer<Path> parts, Function<Map<String, FileSum>, ResumeState> manifest) {
    Path target = dir.resolve(name(stepsDone));
    Path tmp = Durable.tempFor(target);
    try {
      Files.createDirectories(tmp);
      parts.accept(tmp);
      Map<String, FileSum> sums = Durable.syncTree(tmp);
      byte[] json = StateJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest.apply(sums).toJson());
      try (FileChannel ch = FileChannel.open(tmp.resolve(MANIFEST), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(json);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Durable.syncDir(tmp);
      Durable.replace(tmp, target);
      return target;
    } catch (IOException e) {
      Durable.deleteTree(tmp);
      throw new OutputException("cannot write resume state " + target + ": " + e.getMessage()
          + "; check free disk space", e);
    } catch (RuntimeException e) {
      Durable.deleteTree(tmp);
      throw e;
    }
  }

  /** Removes all but the newest {@code keep} states. */
  public void prune(int keep) {
    List<Path> all = steps();
    for (int i = keep; i < all.size(); i++) {
      Durable.discard(all.get(i));
    }
  }

  /** Removes the leftovers of interrupted writes and deletes ({@code .tmp-*}, {@code .trash-*}). */
  public void removeScratch() {
    removeScratch(dir);
  }

  /** Removes the leftovers of interrupted writes and deletes directly in {@code folder}. */
  public static void removeScratch(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    List<Path> scratch = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder)) {
      s.filter(p -> Durable.isScratch(p.getFileName().toString())).forEach(scratch::add);
    } catch (IOException e) {
      throw new OutputException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    scratch.forEach(Durable::deleteTree);
  }

  /** The folder name of the state after {@code stepsDone} steps. */
  public static String name(long stepsDone) {
    return String.format(Locale.ROOT, "step-%08d", stepsDone);
  }

  private static long number(Path p) {
    Matcher m = STEP.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
