package ai.tao.serve.flywheel;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import ai.tao.serve.flywheel.DatasetFiles.Committed;
import ai.tao.serve.table.InferenceRow;
import ai.tao.serve.table.InferenceTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flywheel's intake: each round's prompts are the requests served since the last round, read
 * from an {@link InferenceTable}, scrubbed of personal data, cleared of repeats and, optionally, of
 * prompts the policy already answers unanimously; each round's dataset is kept as a versioned file.
 *
 * <pre>{@code
 * TablePromptSource traffic = TablePromptSource.builder()
 *     .table(table)                        // what the gateway captured
 *     .directory(Path.of("flywheel"))      // datasets and state, across runs
 *     .build();
 * Tao.tune(TuneRequest.builder()
 *     .policy(policy).prompts(traffic)
 *     .listener(traffic.committer())       // commits each round once it is trained
 *     .generator(generator).scorer(scorer).trainer(trainer).rounds(3).build());
 * }</pre>
 *
 * <p><b>Each round</b> reads up to {@link Builder#maxRowsPerRound} rows after the committed
 * watermark, in id order, and turns each into the prompt the client sent: its text, or its chat
 * messages, under the id {@code row-ID}, with provenance metadata only ({@code row_id}, {@code
 * model_version}). The response and the feedback are never read: prompts carry no answers. A row
 * with nothing to tune on (a blank prompt, a conversation ending with an assistant turn) is
 * skipped and counted. The prompts then pass the {@link PiiScrubber}, the {@link
 * NearDuplicateFilter} (against every prompt of every committed round too) and, when given, the
 * {@link DifficultyFilter}.
 *
 * <p><b>Files</b>, in {@link Builder#directory}:
 *
 * <pre>
 * datasets/round-0003.jsonl              the round's prompts, in the format of ai.tao.core.data.PromptFiles
 * datasets/round-0003.manifest.json      its {@link DatasetManifest}: rows read, PII per kind, duplicates,
 *                                        kept, watermarks
 * state/round-0003/near-duplicates.json  the near-duplicate state including round 3's prompts
 * state/committed.json                   the last committed round and the watermark after it
 * </pre>
 *
 * Dataset rounds count the datasets of the directory (0, 1, 2… across runs), not the rounds of one
 * run of the loop: a new run over the same directory reads on where the last one stopped. Every
 * file is written whole or not at all (a temporary file renamed into place).
 *
 * <p><b>Commit.</b> A round's dataset is <em>pending</em> from the moment {@link #prompts} writes it
 * until {@link #commit()}: only the commit moves the watermark past its rows and makes its prompts
 * count as seen, by one atomic rename of {@code state/committed.json}. Commit once the round is
 * trained, by hand or by registering {@link #committer()} with the loop. A process that stops
 * before the commit (a crash, a kill) consumed nothing: the next source on the directory serves the
 * same pending dataset again, the same rows and the same prompts, so a resumed round sees what it
 * saw before; when the crash came before the dataset was complete, its rows are read again from the
 * committed watermark. A round whose rows
 * all drop out is committed at once: there is nothing to train, and its rows should not be read
 * again. Asking for another round while one is pending fails, rather than serving the same rows
 * twice or skipping them.
 *
 * <p>One process uses a directory at a time. Thread-safe.
 *
 * @since 0.5
 */
public final class TablePromptSource implements PromptSource {
  private static final Logger LOG = LoggerFactory.getLogger(TablePromptSource.class);

  private static final Pattern STATE_DIR = Pattern.compile("round-(\\d+)");

  /** A written dataset not yet committed, and the loop round this source served it for (-1: none yet). */
  private record Pending(DatasetManifest manifest, List<Prompt> prompts, int servedFor) {}

  private final InferenceTable table;
  private final Path directory;
  private final PiiScrubber scrubber;
  private final double duplicateThreshold;
  private final int shingleSize;
  private final DifficultyFilter difficulty;
  private final int maxRowsPerRound;
  private final boolean skipMalformed;
  private final RowPrompts rowPrompts = new RowPrompts();
  /** What this source served, by loop round: asking again gives the same prompts. */
  private final Map<Integer, List<Prompt>> served = new HashMap<>();
  private volatile Committed committed;
  private Pending pending;

  private TablePromptSource(Builder b) {
    this.table = b.table;
    this.directory = b.directory;
    this.scrubber = b.scrubber;
    this.duplicateThreshold = b.duplicateThreshold;
    this.shingleSize = b.shingleSize;
    this.difficulty = b.difficulty;
    this.maxRowsPerRound = b.maxRowsPerRound;
    this.skipMalformed = b.skipMalformed;
    Path c = committedFile();
    this.committed = Files.exists(c) ? DatasetFiles.readCommitted(c) : Committed.NONE;
    LOG.info("table prompt source: {} (PII kinds {}, duplicateThreshold {}, shingleSize {}, difficulty filter {},"
        + " maxRowsPerRound {}, skipMalformed {})", describe(), scrubber.kinds(), duplicateThreshold, shingleSize,
        difficulty == null ? "off" : "on", maxRowsPerRound, skipMalformed);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The round's prompts: the pending dataset if there is one (see the class comment), else a new
   * dataset of the rows served since the committed watermark.
   *
   * @param round the round of the loop; asking for a round this source served before gives the same
   *     prompts again
   * @return the prompts; empty when no row was served since the last round, or every new row dropped
   *     out
   * @throws ConfigurationException if {@code round} is negative, or another round's dataset is
   *     pending
   * @throws DataInputException if a row cannot be read (unless {@code skipMalformed}), or a file of
   *     the directory is damaged
   * @throws OutputException if the table cannot be read or a file cannot be written
   */
  @Override
  public synchronized List<Prompt> prompts(int round) {
    if (round < 0) {
      throw new ConfigurationException("round must be >= 0, got " + round);
    }
    List<Prompt> again = served.get(round);
    if (again != null) {
      return again;
    }
    if (pending == null) {
      Optional<DatasetManifest> onDisk = pendingOnDisk();
      if (onDisk.isPresent()) {
        DatasetManifest m = onDisk.get();
        LOG.info("serving {} again: it was read but not committed, so its rows were not consumed", m.file());
        pending = new Pending(m, DatasetFiles.readPrompts(datasetFile(m.round()), m.kept()), -1);
      }
    }
    if (pending != null && pending.servedFor() >= 0) {
      throw new ConfigurationException("round " + round + " asked for, but " + pending.manifest().file()
          + ", served for round " + pending.servedFor() + ", is not committed: call commit() once round "
          + pending.servedFor() + " is trained (or register committer() as a listener of the run)");
    }
    if (pending == null) {
      Optional<Pending> fresh = ingest(round);
      if (fresh.isEmpty()) {
        return List.of();
      }
      pending = fresh.get();
    }
    pending = new Pending(pending.manifest(), pending.prompts(), round);
    List<Prompt> prompts = pending.prompts();
    if (prompts.isEmpty()) {
      LOG.info("{} kept no prompts: committing it now, so that its rows are not read again",
          pending.manifest().file());
      commit();
      return prompts; // not remembered: asking again reads on
    }
    served.put(round, prompts);
    return prompts;
  }

  /**
   * Commits the pending dataset: moves the watermark past its rows and keeps its prompts as seen by
   * the near-duplicate filter. Does nothing when no dataset is pending.
   *
   * @return the committed dataset's manifest; empty when none was pending
   * @throws OutputException if the commit record cannot be written
   */
  public synchronized Optional<DatasetManifest> commit() {
    DatasetManifest m = pending != null ? pending.manifest() : pendingOnDisk().orElse(null);
    if (m == null) {
      return Optional.empty();
    }
    int servedFor = pending != null ? pending.servedFor() : -1;
    Committed next = new Committed(m.round(), m.watermarkTo());
    DatasetFiles.writeCommitted(committedFile(), next); // the commit point
    LOG.info("committed {}: watermark {} -> {}", m.file(), committed.watermark(), next.watermark());
    committed = next;
    pending = null;
    served.keySet().removeIf(r -> r < servedFor); // rounds before this one are not asked again: no history kept
    deleteStatesBefore(m.round());
    return Optional.of(m);
  }

  /**
   * A listener for the tuning loop that commits the dataset served for a round once the loop has
   * trained it to the end: on {@link TaoEvent.RoundCompleted} after the round's last planned step
   * ({@link TaoEvent.StepCompleted}) or after the collapse guard ended it. A round cut short by a stop
   * signal or a time limit stays pending, so that the resumed run continues it on the same prompts.
   * Register one per run.
   */
  public TaoListener committer() {
    return new RoundCommitter(this::commitIfServedFor);
  }

  private synchronized void commitIfServedFor(int round) {
    if (pending != null && pending.servedFor() == round) {
      commit();
    }
  }

  /**
   * Rows after the committed watermark: whether there is enough new traffic for a round, counted
   * without reading it as one.
   */
  public synchronized long unreadRows() {
    return table.countSince(committed.watermark());
  }

  /** The committed watermark: rows with a larger id are still to be read. 0 before the first commit. */
  public synchronized long watermark() {
    return committed.watermark();
  }

  /** The manifest of the dataset written but not yet committed, if any (this process's or an earlier one's). */
  public synchronized Optional<DatasetManifest> pending() {
    return Optional.ofNullable(pending).map(Pending::manifest).or(this::pendingOnDisk);
  }

  /** The file of dataset round {@code round}, such as {@code DIR/datasets/round-0003.jsonl}. */
  public Path datasetFile(int round) {
    return directory.resolve("datasets").resolve(name(round) + ".jsonl");
  }

  /** The manifest of dataset round {@code round}, beside its {@link #datasetFile}. */
  public Path manifestFile(int round) {
    return directory.resolve("datasets").resolve(name(round) + ".manifest.json");
  }

  @Override
  public String describe() {
    return "inference table " + table.table() + " after row " + committed.watermark() + ", datasets in "
        + directory.resolve("datasets");
  }

  private Optional<Pending> ingest(int loopRound) {
    int round = committed.round() + 1;
    List<InferenceRow> rows = table.rowsSince(committed.watermark(), maxRowsPerRound);
    if (rows.isEmpty()) {
      LOG.info("no rows in inference table {} after id {}: nothing new to tune on", table.table(),
          committed.watermark());
      return Optional.empty();
    }
    int malformed = 0;
    int unusable = 0;
    PiiCounts pii = PiiCounts.ZERO;
    List<Prompt> prompts = new ArrayList<>(rows.size());
    for (InferenceRow row : rows) {
      Optional<Prompt> prompt;
      try {
        prompt = rowPrompts.prompt(row);
      } catch (RowPrompts.MalformedRow e) {
        if (!skipMalformed) {
          throw new DataInputException("inference table " + table.table() + ", row " + row.id() + ": "
              + e.getMessage() + ". Fix or delete the row, or build the source with skipMalformed(true) to skip"
              + " such rows");
        }
        malformed++;
        LOG.warn("skipping row {} of inference table {}: {}", row.id(), table.table(), e.getMessage());
        continue;
      }
      if (prompt.isEmpty()) {
        unusable++;
        continue;
      }
      ScrubbedPrompt s = scrubber.scrub(prompt.get());
      pii = pii.plus(s.counts());
      prompts.add(s.prompt());
    }
    NearDuplicateFilter seen = committedFilter();
    DedupResult dedup = seen.filter(prompts);
    DifficultyResult hard = difficulty == null ? new DifficultyResult(dedup.kept(), List.of())
        : difficulty.filter(dedup.kept());
    DatasetManifest m = new DatasetManifest(round, loopRound, datasetFile(round).getFileName().toString(),
        Instant.now(), committed.watermark(), rows.get(rows.size() - 1).id(), rows.size(), malformed, unusable, pii,
        dedup.exactDuplicates(), dedup.nearDuplicates(), difficulty != null, hard.dropped().size(),
        hard.kept().size());
    // Order matters: the manifest, written last, is what marks the dataset complete.
    seen.saveTo(stateDir(round));
    DatasetFiles.writePrompts(datasetFile(round), hard.kept());
    DatasetFiles.writeManifest(manifestFile(round), m);
    LOG.info("read {}", m.summary());
    return Optional.of(new Pending(m, DatasetFiles.readPrompts(datasetFile(round), m.kept()), -1));
  }

  /** The dataset after the committed one, when it was written completely from the committed watermark. */
  private Optional<DatasetManifest> pendingOnDisk() {
    int round = committed.round() + 1;
    Path manifest = manifestFile(round);
    if (!Files.exists(manifest)) {
      return Optional.empty();
    }
    DatasetManifest m = DatasetFiles.readManifest(manifest);
    if (m.round() != round || m.watermarkFrom() != committed.watermark() || !Files.exists(datasetFile(round))
        || !Files.exists(stateDir(round).resolve(NearDuplicateFilter.FILE))) {
      LOG.warn("ignoring {}: it does not follow the committed watermark {} or its files are incomplete; reading"
          + " its rows again", manifest, committed.watermark());
      return Optional.empty();
    }
    return Optional.of(m);
  }

  /** A near-duplicate filter holding every prompt of every committed round. */
  private NearDuplicateFilter committedFilter() {
    NearDuplicateFilter.Builder b = NearDuplicateFilter.builder().threshold(duplicateThreshold)
        .shingleSize(shingleSize);
    if (committed.round() >= 0) {
      Path dir = stateDir(committed.round());
      if (!Files.isRegularFile(dir.resolve(NearDuplicateFilter.FILE))) {
        throw new DataInputException(committedFile() + " commits " + name(committed.round()) + ", but "
            + dir.resolve(NearDuplicateFilter.FILE) + " is missing; restore it from a backup, or start a new"
            + " directory");
      }
      b.directory(dir);
    }
    return b.build();
  }

  /** Removes the near-duplicate states of rounds before {@code round}: the committed one holds them all. */
  private void deleteStatesBefore(int round) {
    Path states = directory.resolve("state");
    try (Stream<Path> dirs = Files.list(states)) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        Matcher m = STATE_DIR.matcher(dir.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) < round) {
          Files.deleteIfExists(dir.resolve(NearDuplicateFilter.FILE));
          Files.deleteIfExists(dir);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not remove old near-duplicate states in {}: {}", states, e.toString());
    }
  }

  private Path committedFile() {
    return directory.resolve("state").resolve("committed.json");
  }

  private Path stateDir(int round) {
    return directory.resolve("state").resolve(name(round));
  }

  private static String name(int round) {
    return String.format(Locale.ROOT, "round-%04d", round);
  }

  /**
   * Settings of a {@link TablePromptSource}; {@link #build()} validates them and reads the committed
   * state.
   *
   * @since 0.5
   */
  public static final class Builder {
    /** The table the gateway writes. Required; the source reads it and never writes it. */
    private InferenceTable table;

    /** Folder of the datasets and the state (see the class comment). Required; created when first written. */
    private Path directory;

    /** Replaces personal data before anything is kept. Default {@link PiiScrubber#standard()}: every kind. */
    private PiiScrubber scrubber = PiiScrubber.standard();

    /** {@link NearDuplicateFilter.Builder#threshold}. Default 0.8. */
    private double duplicateThreshold = 0.8;

    /** {@link NearDuplicateFilter.Builder#shingleSize}. Default 3. Fixed for a directory once its state exists. */
    private int shingleSize = 3;

    /** Drops prompts the policy answers unanimously. Default none: every new prompt is kept. */
    private DifficultyFilter difficulty;

    /**
     * Most rows read per round; the rest wait for the next round. Default 10,000: a round's worth of
     * prompts for a small model, and a bounded amount of memory.
     */
    private int maxRowsPerRound = 10_000;

    /**
     * Whether rows whose request cannot be read are skipped and counted instead of failing the round.
     * Default false: a table that other writers fill with a foreign format should be noticed.
     */
    private boolean skipMalformed = false;

    private Builder() {}

    public Builder table(InferenceTable table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public Builder scrubber(PiiScrubber scrubber) {
      this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
      return this;
    }

    public Builder duplicateThreshold(double duplicateThreshold) {
      this.duplicateThreshold = duplicateThreshold;
      return this;
    }

    public Builder shingleSize(int shingleSize) {
      this.shingleSize = shingleSize;
      return this;
    }

    public Builder difficultyFilter(DifficultyFilter difficulty) {
      this.difficulty = Objects.requireNonNull(difficulty, "difficulty");
      return this;
    }

    public Builder maxRowsPerRound(int maxRowsPerRound) {
      this.maxRowsPerRound = maxRowsPerRound;
      return this;
    }

    public Builder skipMalformed(boolean skipMalformed) {
      this.skipMalformed = skipMalformed;
      return this;
    }

    /**
     * @throws ConfigurationException if the table or directory is missing, the directory is a file,
     *     or a setting is out of range
     * @throws DataInputException if the directory's commit record is damaged
     */
    public TablePromptSource build() {
      if (table == null) {
        throw new ConfigurationException("table prompt source needs a table(...): the inference table to read");
      }
      if (directory == null) {
        throw new ConfigurationException("table prompt source needs a directory(...) for its datasets and state");
      }
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new ConfigurationException("table prompt source directory " + directory + " is a file, not a folder");
      }
      if (maxRowsPerRound <= 0) {
        throw new ConfigurationException("table prompt source maxRowsPerRound must be > 0, got " + maxRowsPerRound);
      }
      NearDuplicateFilter.validate(duplicateThreshold, shingleSize, NearDuplicateFilter.DEFAULT_HASHES);
      return new TablePromptSource(this);
    }
  }
}
