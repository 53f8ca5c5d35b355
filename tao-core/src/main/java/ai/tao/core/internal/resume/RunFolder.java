package ai.tao.core.internal.resume;

import ai.tao.core.io.Durable;
import ai.tao.api.ConfigurationException;
import ai.tao.api.OutputException;
import ai.tao.api.Policy;
import ai.tao.core.observe.MetricsJsonl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The output folder of a run, and what to do with it: start a fresh run in a new or empty folder,
 * resume the run whose folder it is from its newest resume state, or refuse.
 *
 * <p>A folder is a resumable run's when it holds {@code run.json} (written atomically first by a
 * run with resume states on), naming the run's settings. Pointed at such a folder, a run
 * <ul>
 *   <li>is refused if its settings differ (each difference named), or if the run there completed
 *       (nothing to resume: a run never reports success having done nothing);
 *   <li>resumes from the newest complete state of {@code state/};
 *   <li>starts over in the folder when no state was written yet (the run died before its first):
 *       the same settings from the start give the same run.
 * </ul>
 * Any other non-empty folder is refused, as before resume states existed: a run never writes into
 * another run's folder.
 *
 * <p>{@link #open} only reads; {@link #begin} then changes the folder (removes leftovers of
 * interrupted writes, cuts metrics.jsonl back to the state), once every check has passed.
 *
 * <p>Internal: not part of the API.
 */
public final class RunFolder implements AutoCloseable {
  /** Marks a resumable run's folder and holds its settings. */
  public static final String RUN_FILE = "run.json";
  /** The metrics file. */
  public static final String METRICS_FILE = "metrics.jsonl";
  /**
   * Locked while a run uses the folder, so that two processes never write one run (a container
   * restarted while the old one still stops). The operating system drops the lock when the process
   * dies, however it dies.
   */
  public static final String LOCK_FILE = "run.lock";

  /** What {@link #open} found. */
  public enum Kind {
    /** A new or empty folder. */
    FRESH,
    /** A resumable run's folder without a complete state yet: the run starts over. */
    START_OVER,
    /** A resumable run's folder with a state to resume from. */
    RESUME
  }

  private final Path dir;
  private final Kind kind;
  private final int checkpointEvery;
  private final JsonNode settings;
  private final StateFolder states;
  private final Optional<StateFolder.Stored> resumeFrom;
  private final List<String> warnings;
  private MetricsJsonl metrics;
  private FileChannel lockChannel;

  private RunFolder(Path dir, Kind kind, int checkpointEvery, JsonNode settings,
      Optional<StateFolder.Stored> resumeFrom, List<String> warnings) {
    this.dir = dir;
    this.kind = kind;
    this.checkpointEvery = checkpointEvery;
    this.settings = settings;
    this.states = new StateFolder(dir.resolve(StateFolder.NAME));
    this.resumeFrom = resumeFrom;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Looks at {@code dir} and decides; changes nothing.
   *
   * @param settings the request's {@link RunSettings}
   * @param checkpointEvery the request's; 0 = no resume states
   * @throws OutputException if the folder holds something that is not a resumable run's, or a run that completed
   * @throws ConfigurationException if it holds a resumable run of other settings, or the request writes no states
   */
  public static RunFolder open(Path dir, JsonNode settings, int checkpointEvery) {
    List<String> names = listing(dir);
    if (names.isEmpty()) {
      return new RunFolder(dir, Kind.FRESH, checkpointEvery, settings, Optional.empty(), List.of());
    }
    Path runFile = dir.resolve(RUN_FILE);
    if (!Files.isRegularFile(runFile)) {
      throw new OutputException("output folder " + dir + " already holds " + names.subList(0, Math.min(4, names.size()))
          + (names.size() > 4 ? " and more" : "") + " but no " + RUN_FILE + " (it is not the folder of a resumable TAO"
          + " run): a run never writes into another run's folder; choose a new folder or delete this one");
    }
    JsonNode run;
    try {
      run = StateJson.JSON.readTree(Files.readAllBytes(runFile));
    } catch (IOException e) {
      throw new OutputException("cannot read " + runFile + ": " + e.getMessage() + "; choose a new folder", e);
    }
    if (run.path("format").asInt(-1) != ResumeState.FORMAT) {
      throw new OutputException(runFile + " is of format " + run.path("format") + ", this version of TAO resumes"
          + " format " + ResumeState.FORMAT + ": resume it with the version that wrote it, or choose a new folder");
    }
    if (checkpointEvery <= 0) {
      throw new ConfigurationException("output folder " + dir + " holds a resumable TAO run (started with"
          + " checkpointEvery " + run.path("checkpointEvery").asInt() + ") but this request writes no resume states"
          + " (checkpointEvery 0): set checkpointEvery > 0 to resume it, or choose a new folder");
    }
    List<String> differ = SettingsCheck.differences(run.path("settings"), settings, "");
    if (!differ.isEmpty()) {
      throw new ConfigurationException("cannot resume the run in " + dir + ": this request's settings differ from the"
          + " interrupted run's (" + RUN_FILE + "): " + String.join("; ", differ) + ". Resume with the settings it was"
          + " started with, or choose a new output folder");
    }
    List<String> warnings = new ArrayList<>();
    StateFolder states = new StateFolder(dir.resolve(StateFolder.NAME));
    Optional<StateFolder.Stored> newest = states.newest(warnings);
    if (newest.isPresent() && newest.get().manifest().complete()) {
      ResumeState m = newest.get().manifest();
      throw new OutputException("the run in " + dir + " completed already (" + m.stepsDone() + " steps; "
          + newest.get().dir().getFileName() + " says so): there is nothing to resume, and this call would do"
          + " nothing. Its weights are in " + (m.checkpoints().isEmpty() ? "its round folders"
          : m.checkpoints().get(m.checkpoints().size() - 1)) + ". Choose a new output folder to run again");
    }
    if (newest.isEmpty()) {
      warnings.add("output folder " + dir + " holds a run that stopped before writing a complete resume state:"
          + " starting it over from step 1 with the same settings");
      return new RunFolder(dir, Kind.START_OVER, checkpointEvery, settings, Optional.empty(), warnings);
    }
    return new RunFolder(dir, Kind.RESUME, checkpointEvery, settings, newest, warnings);
  }

  /**
   * Entries of {@code dir}, sorted, without leftovers of interrupted writes (a run killed while
   * writing its {@value #RUN_FILE} leaves only such a leftover); empty when it does not exist.
   */
  private static List<String> listing(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !Durable.isScratch(n) && !n.equals(LOCK_FILE))
          .sorted().toList();
    } catch (IOException e) {
      throw new OutputException("cannot read output folder " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Kind kind() {
    return kind;
  }

  /** The state to resume from, when {@link #kind()} is {@link Kind#RESUME}. */
  public Optional<StateFolder.Stored> resumeFrom() {
    return resumeFrom;
  }

  /** What the run should warn about: damaged states skipped, a start over. */
  public List<String> warnings() {
    return warnings;
  }

  public StateFolder states() {
    return states;
  }

  /** The request's settings, as they go into {@value #RUN_FILE} and each state. */
  public JsonNode settings() {
    return settings;
  }

  /**
   * Makes the folder ready: creates it and takes its {@value #LOCK_FILE}; writes {@value
   * #RUN_FILE} when the run writes states, or removes the leftovers of interrupted writes and
   * states newer than the one resumed (damaged ones); and opens metrics.jsonl: new, emptied (start
   * over) or cut back to the state.
   *
   * @throws OutputException if another run holds the folder
   */
  public void begin() {
    try {
      Files.createDirectories(dir);
      lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM holds it already
      }
      if (lock == null) {
        lockChannel.close();
        lockChannel = null;
        throw new OutputException("output folder " + dir + " is in use by another run (it holds " + LOCK_FILE
            + "): wait until that run ends, or choose a new folder");
      }
    } catch (IOException e) {
      throw new OutputException("cannot create output folder " + dir + ": " + e.getMessage(), e);
    }
    switch (kind) {
      case FRESH -> {
        StateFolder.removeScratch(dir);
        if (checkpointEvery > 0) {
          ObjectNode run = StateJson.JSON.createObjectNode();
          run.put("format", ResumeState.FORMAT).put("checkpointEvery", checkpointEvery);
          run.set("settings", settings);
          try {
            Durable.writeAtomically(dir.resolve(RUN_FILE), StateJson.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(run));
          } catch (IOException e) {
            throw new OutputException("cannot write " + dir.resolve(RUN_FILE) + ": " + e.getMessage(), e);
          }
        }
        metrics = new MetricsJsonl(dir.resolve(METRICS_FILE));
      }
      case START_OVER -> {
        removeScratch();
        states.steps().forEach(Durable::discard);
        metrics = MetricsJsonl.resume(dir.resolve(METRICS_FILE), new MetricsJsonl.Position(0, 0));
      }
      case RESUME -> {
        removeScratch();
        // States newer than the one resumed are damaged (it is the newest that checks out): remove them,
        // so the states this run writes are the only newer ones.
        for (Path p : states.steps()) {
          if (p.equals(resumeFrom.orElseThrow().dir())) {
            break;
          }
          Durable.discard(p);
        }
        metrics = MetricsJsonl.resume(dir.resolve(METRICS_FILE), resumeFrom.get().manifest().metrics());
      }
      default -> throw new IllegalStateException(kind.toString());
    }
  }

  private void removeScratch() {
    StateFolder.removeScratch(dir);
    states.removeScratch();
  }

  /** The run's metrics file, once {@link #begin} ran. */
  public MetricsJsonl metrics() {
    return metrics;
  }

  /**
   * Saves the policy as {@code round-N/}, atomically: into a temporary folder, synced, then moved
   * into place (replacing the folder a stopped run left for a partly run round).
   */
  public Path saveRound(int round, Policy policy) {
    Path target = dir.resolve("round-" + round);
    Path tmp = Durable.tempFor(target);
    try {
      policy.save(tmp);
      Durable.syncTree(tmp);
    } catch (RuntimeException e) {
      Durable.deleteTree(tmp);
      throw e;
    }
    Durable.replace(tmp, target);
    return target;
  }

  /** Closes metrics.jsonl and lets the folder go. */
  @Override
  public void close() {
    try {
      if (metrics != null) {
        metrics.close();
      }
    } finally {
      if (lockChannel != null) {
        try {
          lockChannel.close(); // releases the lock
        } catch (IOException e) {
          // the process ends the lock anyway; nothing to report
        }
      }
    }
  }
}
