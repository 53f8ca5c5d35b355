package ai.tao.serve.registry;

import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import ai.tao.api.Policy;
import ai.tao.core.io.Durable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned models on disk, a pointer to the one that serves, and the history of that pointer, so
 * that a bad promotion is one {@link #rollback()} away, also after a restart.
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistry.open(Path.of("registry"));
 * ModelVersion v = registry.register(tuned, Registration.builder().parent("v0001").gate(decision).build());
 * if (decision.promote()) {
 *   registry.promote(v.id());
 * }
 * registry.rollback(); // v0001 serves again
 * }</pre>
 *
 * <p><b>Layout.</b>
 *
 * <pre>
 * REGISTRY/
 *   versions/v0001/     a complete Hugging Face folder (config.json, model.safetensors, tokenizer files)
 *                       as Policy.save wrote it, plus manifest.json (VersionManifest)
 *   versions/v0002/ …
 *   current             the id of the version that serves, one line
 *   history.jsonl       every change of current, appended (HistoryEntry)
 *   registry.lock       held while a call changes the registry
 * </pre>
 *
 * <p><b>Crash safety.</b> Nothing half-written ever carries a real name. A version is written into
 * a hidden temporary folder, synced to disk, and renamed into {@code versions/} in one atomic step;
 * a crash leaves at most a {@code .tmp-…} folder, which the registry ignores (and names in a
 * warning on {@link #open}; delete it when no registration runs). {@code current} is replaced the
 * same way (temporary file, sync, atomic rename): readers see the old id or the new one, never a
 * torn one. The pointer is switched first and the history appended after, so a crash between the
 * two leaves a pointer the history does not explain yet; the next call that changes the registry
 * (and {@link #open}) appends the missing entry. A torn last history line is cut off the same way.
 *
 * <p><b>Concurrency.</b> Reads ({@link #current}, {@link #versions}) read the disk every time and
 * take no lock, so a serving process sees what a tuning process promoted. Changes ({@link
 * #register}, {@link #promote}, {@link #rollback}) hold an operating-system lock on {@code
 * registry.lock}, so two processes (or two registries in one JVM) over one folder take turns.
 *
 * <p>Errors are loud: an unknown id names the versions there are, registering under a taken id
 * refuses, and an unreadable manifest, pointer or history line names its file.
 *
 * @since 0.5
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  /** The folder of the versions. */
  public static final String VERSIONS = "versions";
  /** Each version's manifest, in its folder. */
  public static final String MANIFEST = "manifest.json";
  /** The pointer to the current version. */
  public static final String CURRENT = "current";
  /** The promotion history. */
  public static final String HISTORY = "history.jsonl";
  /** Locked while a call changes the registry. */
  public static final String LOCK = "registry.lock";
  /** The file a Hugging Face folder is recognised by. */
  static final String CONFIG = "config.json";

  private static final Pattern NUMBERED = Pattern.compile("v(\\d{1,9})");

  /** One monitor per registry folder in this JVM: a file lock is per process, not per thread. */
  private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Path versionsDir;
  private final Path pointer;
  private final HistoryLog history;
  private final Object monitor;

  private ModelRegistry(Path dir) {
    this.dir = dir;
    this.versionsDir = dir.resolve(VERSIONS);
    this.pointer = dir.resolve(CURRENT);
    this.history = new HistoryLog(dir.resolve(HISTORY));
    this.monitor = MONITORS.computeIfAbsent(dir, d -> new Object());
  }

  /**
   * Opens the registry in {@code dir}, creating it (and {@code dir}) when there is none; repairs what
   * a crash left (see the class comment) and warns of leftover temporary folders.
   *
   * @throws OutputException if the folder cannot be created or locked
   * @throws ModelLoadException if a manifest, the pointer or the history cannot be read
   */
  public static ModelRegistry open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path real;
    try {
      Files.createDirectories(dir.resolve(VERSIONS));
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new OutputException("cannot create the model registry " + dir + ": " + e.getMessage()
          + "; check the path and permissions", e);
    }
    ModelRegistry r = new ModelRegistry(real);
    r.changing(() -> {
      r.reconcile();
      return null;
    });
    List<String> leftovers = r.leftovers();
    if (!leftovers.isEmpty()) {
      LOG.warn("model registry {}: ignoring {} in {}/: no versions (left by interrupted registrations, or put there"
          + " by hand); delete them when no registration is running", real, leftovers, VERSIONS);
    }
    LOG.info("model registry {}: {} versions, current {}", real, r.versions().size(),
        r.current().map(ModelVersion::id).orElse("none"));
    return r;
  }

  /** The registry's folder. */
  public Path dir() {
    return dir;
  }

  /**
   * Registers {@code policy} as a new version: {@link Policy#save} writes it into a temporary
   * folder, which becomes the version once complete. Registering does not promote.
   *
   * @throws ConfigurationException if the parent is not a version here
   * @throws OutputException if the id is taken, or the policy saved no {@code config.json} (not a
   *     Hugging Face folder), or the folder cannot be written
   */
  public ModelVersion register(Policy policy, Registration registration) {
    Objects.requireNonNull(policy, "policy");
    return write(registration, "policy " + policy.name(), policy::save);
  }

  /**
   * Registers a copy of the Hugging Face folder {@code modelFolder} (a {@code manifest.json} it holds
   * is replaced) as a new version. Registering does not promote.
   *
   * @throws ConfigurationException if the parent is not a version here
   * @throws ModelLoadException if {@code modelFolder} is not a folder holding {@code config.json}
   * @throws OutputException if the id is taken or the copy cannot be written
   */
  public ModelVersion register(Path modelFolder, Registration registration) {
    Objects.requireNonNull(modelFolder, "modelFolder");
    if (!Files.isRegularFile(modelFolder.resolve(CONFIG))) {
      throw new ModelLoadException(modelFolder + " is not a Hugging Face model folder (it has no " + CONFIG
          + "); register the folder Policy.save wrote");
    }
    return write(registration, "folder " + modelFolder, tmp -> copyTree(modelFolder, tmp));
  }

  /** The version that serves; empty until the first {@link #promote}. */
  public Optional<ModelVersion> current() {
    return readPointer().map(id -> find(id).orElseThrow(() -> new ModelLoadException("the pointer " + pointer
        + " names version '" + id + "', which " + describe() + "; a version folder was removed by hand: write"
        + " the id of a version there is into it")));
  }

  /** Every version, in registration order. */
  public List<ModelVersion> versions() {
    List<ModelVersion> out = new ArrayList<>();
    for (Path d : entries()) {
      if (!Files.isDirectory(d) || !VersionManifest.isId(d.getFileName().toString())) {
        continue;
      }
      Path manifest = d.resolve(MANIFEST);
      if (Files.isRegularFile(manifest)) {
        out.add(new ModelVersion(readManifest(d, manifest), d));
      }
    }
    out.sort(Comparator.comparing((ModelVersion v) -> v.manifest().createdAt()).thenComparing(ModelVersion::id));
    return List.copyOf(out);
  }

  /**
   * The version {@code id}.
   *
   * @throws ConfigurationException if there is none, naming the versions there are
   */
  public ModelVersion version(String id) {
    Objects.requireNonNull(id, "id");
    return find(id).orElseThrow(() -> new ConfigurationException("no version '" + id + "': " + describe()));
  }

  /** The changes of the current version, oldest first. */
  public List<HistoryEntry> history() {
    return history.read();
  }

  /**
   * Makes {@code id} the current version in one atomic switch of the pointer, and records it in the
   * history. Promoting the current version again changes nothing.
   *
   * @return the version now current
   * @throws ConfigurationException if there is no such version, or the gate rejected it ({@link
   *     VersionStatus#REJECTED})
   */
  public ModelVersion promote(String id) {
    Objects.requireNonNull(id, "id");
    return changing(() -> {
      List<String> stack = reconcile();
      ModelVersion v = version(id);
      if (v.manifest().status() == VersionStatus.REJECTED) {
        throw new ConfigurationException("version " + id + " was rejected by the evaluation gate (metrics "
            + v.manifest().metrics() + ") and is never promoted; register it again if it should serve");
      }
      Optional<String> from = top(stack);
      if (from.equals(Optional.of(id))) {
        LOG.info("model registry {}: {} is current already", dir, id);
        return v;
      }
      switchTo(id, HistoryEntry.Change.PROMOTE, from);
      LOG.info("model registry {}: promoted {} (was {})", dir, id, from.orElse("none"));
      return v;
    });
  }

  /**
   * Makes the previously current version current again, in one atomic switch of the pointer, as the
   * history says (so it works across restarts). Successive rollbacks walk further back: after
   * promoting v1, v2, v3, rollbacks give v2, then v1.
   *
   * @return the version now current
   * @throws ConfigurationException if there is nothing to roll back to: no promotion yet, or the
   *     current version is the first one promoted
   */
  public ModelVersion rollback() {
    return changing(() -> {
      List<String> stack = reconcile();
      if (stack.size() < 2) {
        throw new ConfigurationException("nothing to roll back to in model registry " + dir + ": "
            + (stack.isEmpty() ? "no version was ever promoted" : "the current version " + stack.get(0)
                + " is the first one promoted (" + history.file() + ")") + "; promote a version instead");
      }
      String from = stack.get(stack.size() - 1);
      String to = stack.get(stack.size() - 2);
      ModelVersion v = find(to).orElseThrow(() -> new ModelLoadException("cannot roll back to " + to + ", the"
          + " version before " + from + " in " + history.file() + ": " + describe() + " (its folder was removed)"));
      switchTo(to, HistoryEntry.Change.ROLLBACK, Optional.of(from));
      LOG.info("model registry {}: rolled back from {} to {}", dir, from, to);
      return v;
    });
  }

  /**
   * Loads {@code version} with {@code loader}, for example {@code registry.load(v, DecoderPolicy::load)}.
   *
   * @throws ConfigurationException if the version is not one of this registry's
   */
  public <P extends Policy> P load(ModelVersion version, Function<Path, P> loader) {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(loader, "loader");
    if (!version.folder().equals(versionsDir.resolve(version.id()))) {
      throw new ConfigurationException("version " + version.id() + " at " + version.folder()
          + " is not one of model registry " + dir);
    }
    return Objects.requireNonNull(loader.apply(version(version.id()).folder()), "the loader returned null");
  }

  @Override
  public String toString() {
    return "ModelRegistry[" + dir + "]";
  }

  private ModelVersion write(Registration registration, String what, Consumer<Path> writer) {
    Objects.requireNonNull(registration, "registration");
    return changing(() -> {
      registration.parent().ifPresent(p -> {
        if (find(p).isEmpty()) {
          throw new ConfigurationException("parent '" + p + "' is not a version: " + describe());
        }
      });
      String id = registration.id().orElseGet(this::nextId);
      Path target = versionsDir.resolve(id);
      if (Files.exists(target) && !isEmptyFolder(target)) {
        throw new OutputException("version " + id + " exists already in model registry " + dir
            + " (registering never overwrites); leave the id out for the next free one (" + nextId() + ")");
      }
      Path tmp = Durable.tempFor(target);
      try {
        Files.createDirectory(tmp);
        writer.accept(tmp);
        if (!Files.isRegularFile(tmp.resolve(CONFIG))) {
          throw new OutputException(what + " wrote no " + CONFIG + ": the registry holds Hugging Face folders"
              + " only");
        }
        VersionManifest manifest = VersionManifest.of(id, registration, Instant.now());
        Files.writeString(tmp.resolve(MANIFEST), RegistryJson.manifest(manifest), StandardCharsets.UTF_8);
        Durable.syncTree(tmp);
        if (Files.exists(target)) {
          Files.delete(target); // the empty folder checked above
        }
        Durable.move(tmp, target);
        LOG.info("model registry {}: registered {} as {} ({})", dir, what, id, manifest.status());
        return new ModelVersion(manifest, target);
      } catch (IOException e) {
        throw new OutputException("cannot register " + what + " as " + target + ": " + e.getMessage()
            + "; check the disk and permissions", e);
      } finally {
        Durable.deleteTree(tmp);
      }
    });
  }

  /** Points {@code current} at {@code id} (atomically), then records the change. */
  private void switchTo(String id, HistoryEntry.Change change, Optional<String> from) {
    Durable.writeAtomically(pointer, (id + "\n").getBytes(StandardCharsets.UTF_8));
    history.append(new HistoryEntry(Instant.now(), change, from, id));
  }

  /**
   * Makes the history explain the pointer, after a crash between switching one and appending to the
   * other; returns the stack of current versions.
   */
  private List<String> reconcile() {
    history.repairTail();
    List<String> stack = HistoryLog.stack(history.read());
    Optional<String> current = readPointer();
    Optional<String> top = top(stack);
    if (current.isEmpty()) {
      if (top.isPresent()) {
        throw new ModelLoadException("model registry " + dir + " has a promotion history (last current "
            + top.get() + ") but no pointer file " + pointer + ": it was removed by hand; write the id of the version"
            + " to serve into it ('" + top.get() + "' to restore the last)");
      }
      return stack;
    }
    if (!current.equals(top)) {
      current().orElseThrow(); // fails if the pointer names no version
      boolean wasRollback = stack.size() >= 2 && stack.get(stack.size() - 2).equals(current.get());
      HistoryEntry.Change change = wasRollback ? HistoryEntry.Change.ROLLBACK : HistoryEntry.Change.PROMOTE;
      LOG.warn("model registry {}: the pointer names {} but the history ends at {} (a crash between the two);"
          + " recording the {}", dir, current.get(), top.orElse("nothing"), change.name().toLowerCase(Locale.ROOT));
      history.append(new HistoryEntry(Instant.now(), change, top, current.get()));
      stack = HistoryLog.stack(history.read());
    }
    return stack;
  }

  private Optional<String> readPointer() {
    String text;
    try {
      text = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the pointer " + pointer + ": " + e.getMessage(), e);
    }
    if (!VersionManifest.isId(text)) {
      throw new ModelLoadException("the pointer " + pointer + " holds '" + text + "', not a version id: it was"
          + " edited by hand; write the id of a version there is into it (" + describe() + ")");
    }
    return Optional.of(text);
  }

  private Optional<ModelVersion> find(String id) {
    Path d = versionsDir.resolve(id);
    Path manifest = d.resolve(MANIFEST);
    if (!VersionManifest.isId(id) || !Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    return Optional.of(new ModelVersion(readManifest(d, manifest), d));
  }

  private static VersionManifest readManifest(Path folder, Path manifest) {
    VersionManifest m;
    try {
      m = RegistryJson.manifest(Files.readString(manifest, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the manifest " + manifest + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("the manifest " + manifest + " is corrupt: " + e.getMessage()
          + "; restore it, or move the version folder out of the registry", e);
    }
    if (!m.id().equals(folder.getFileName().toString())) {
      throw new ModelLoadException("the manifest " + manifest + " says id '" + m.id() + "' but its folder is "
          + folder.getFileName() + ": a version folder was renamed by hand; rename it back");
    }
    return m;
  }

  /** The next free {@code vNNNN}: one past the highest numbered name in {@code versions/}. */
  private String nextId() {
    int max = 0;
    for (Path p : entries()) {
      Matcher m = NUMBERED.matcher(p.getFileName().toString());
      if (m.matches()) {
        max = Math.max(max, Integer.parseInt(m.group(1)));
      }
    }
    return String.format(java.util.Locale.ROOT, "v%04d", max + 1);
  }

  /** "it has v0001, v0002" or "it has no versions yet", for messages. */
  private String describe() {
    List<String> ids = versions().stream().map(ModelVersion::id).collect(Collectors.toList());
    return "model registry " + dir + (ids.isEmpty() ? " has no versions yet" : " has " + String.join(", ", ids));
  }

  /**
   * What is in {@code versions/} but is no version: temporary folders of interrupted registrations,
   * and folders without a manifest (which the registry never makes visible).
   */
  private List<String> leftovers() {
    return entries().stream().filter(p -> Durable.isScratch(p.getFileName().toString())
        || Files.isDirectory(p) && !Files.isRegularFile(p.resolve(MANIFEST)))
        .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
  }

  private List<Path> entries() {
    try (Stream<Path> s = Files.list(versionsDir)) {
      return s.collect(Collectors.toList());
    } catch (IOException e) {
      throw new ModelLoadException("cannot list " + versionsDir + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> top(List<String> stack) {
    return stack.isEmpty() ? Optional.empty() : Optional.of(stack.get(stack.size() - 1));
  }

  private static boolean isEmptyFolder(Path p) {
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@code change} holding this JVM's monitor of the folder and the folder's file lock. */
  private <T> T changing(Supplier<T> change) {
    synchronized (monitor) {
      try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        return change.get();
      } catch (IOException e) {
        throw new OutputException("cannot lock " + dir.resolve(LOCK) + ": " + e.getMessage()
            + "; check the folder's permissions", e);
      }
    }
  }

  private static void copyTree(Path from, Path to) {
    try {
      Files.walkFileTree(from, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          Files.createDirectories(to.resolve(from.relativize(d).toString()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          Files.copy(f, to.resolve(from.relativize(f).toString()));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new OutputException("cannot copy " + from + " into the registry: " + e.getMessage(), e);
    }
  }
}
