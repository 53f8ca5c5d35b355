package ai.tao.serve.flywheel;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import ai.tao.api.Prompt;
import ai.tao.serve.flywheel.Fingerprints.Fingerprint;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops prompts that repeat one seen before, exactly or nearly, in this call or in any earlier one
 * whose state was saved: a flywheel should not tune again and again on the same popular question.
 *
 * <pre>{@code
 * NearDuplicateFilter seen = NearDuplicateFilter.builder().directory(stateDir).threshold(0.8).build();
 * DedupResult r = seen.filter(prompts);   // r.kept(), r.dropped()
 * seen.save();                            // stateDir/near-duplicates.json, for the next round
 * }</pre>
 *
 * <p><b>Exact duplicates</b> are the same prompt after Unicode NFKC normalisation, lower-casing and
 * collapsing whitespace. <b>Near duplicates</b> have the same context and questions whose word
 * shingles ({@link Builder#shingleSize}, padded at both ends) have a Jaccard similarity of at least
 * {@link Builder#threshold}, estimated from MinHash signatures of {@link Builder#numHashes} hashes
 * (standard error {@code sqrt(s (1 - s) / numHashes)}: 0.035 at a similarity of 0.8 and 128
 * hashes). For a chat prompt the question is its last turn and the context every turn before it,
 * which must match exactly: a system prompt shared by all traffic does not make two different
 * questions alike. A text prompt is all
 * question, so a long template shared by text prompts does raise their similarity; raise the
 * threshold for such traffic.
 *
 * <p>How the threshold reads: one word changed in a question of {@code n} words leaves a similarity
 * of {@code (n - 1) / (n + 2k - 1)} for shingles of {@code k} words. With the defaults (0.8, k = 3)
 * a one-word change makes a duplicate only from about 25 words on: short questions that differ in a
 * word ("... in 2022?" and "... in 2023?") are usually different questions, and are kept.
 *
 * <p>Candidates are found by locality-sensitive hashing (bands of the signature), chosen so that a
 * pair at the threshold becomes a candidate with probability 0.99 or more; each candidate is then
 * checked against the threshold. Memory grows by about a kilobyte per prompt kept. Not thread-safe.
 *
 * @since 0.5
 */
public final class NearDuplicateFilter {
  private static final Logger LOG = LoggerFactory.getLogger(NearDuplicateFilter.class);

  /** The state's file name in {@link Builder#directory}. */
  public static final String FILE = "near-duplicates.json";

  /** {@link Builder#numHashes} unless set. */
  static final int DEFAULT_HASHES = 128;

  /** Version of the state file's layout. */
  static final int FORMAT = 1;

  /** The state file: the settings the fingerprints were made with, and every prompt kept so far. */
  record State(int format, int shingleSize, int numHashes, List<Entry> entries) {}

  /** One prompt kept: its id and fingerprint; {@code minhash} is the signature as big-endian ints. */
  record Entry(String id, long exact, long context, byte[] minhash) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final double threshold;
  private final int shingleSize;
  private final int numHashes;
  private final int rowsPerBand;
  private final int bands;
  private final Fingerprints fingerprints;
  private final List<String> ids = new ArrayList<>();
  private final List<Fingerprint> prints = new ArrayList<>();
  private final Map<Long, Integer> byExact = new HashMap<>();
  private final Map<Long, List<Integer>> buckets = new HashMap<>();

  private NearDuplicateFilter(Builder b) {
    this.directory = b.directory;
    this.threshold = b.threshold;
    this.shingleSize = b.shingleSize;
    this.numHashes = b.numHashes;
    this.rowsPerBand = rowsPerBand(threshold, numHashes);
    this.bands = numHashes / rowsPerBand;
    this.fingerprints = new Fingerprints(shingleSize, numHashes);
    if (directory != null && Files.isRegularFile(directory.resolve(FILE))) {
      load(directory.resolve(FILE));
    }
    LOG.info("near-duplicate filter: threshold {}, shingles of {} words, {} hashes in {} bands of {}, {} prompts"
        + " seen{}", threshold, shingleSize, numHashes, bands, rowsPerBand, ids.size(),
        directory == null ? "" : " (state in " + directory + ")");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The largest number of rows per band at which a pair exactly at the threshold still shares a band
   * with probability 0.99: fewer rows make more candidates to check, more rows miss true pairs.
   */
  static int rowsPerBand(double threshold, int numHashes) {
    for (int r = numHashes; r > 1; r--) {
      int b = numHashes / r;
      if (1 - Math.pow(1 - Math.pow(threshold, r), b) >= 0.99) {
        return r;
      }
    }
    return 1;
  }

  /**
   * Keeps the prompts that repeat nothing seen before (nor an earlier prompt of {@code prompts}) and
   * remembers them, so that later calls drop their repeats.
   */
  public DedupResult filter(List<Prompt> prompts) {
    Objects.requireNonNull(prompts, "prompts");
    List<Prompt> kept = new ArrayList<>();
    List<Duplicate> dropped = new ArrayList<>();
    for (Prompt p : prompts) {
      Fingerprint fp = fingerprints.of(Objects.requireNonNull(p, "prompt"));
      Optional<Duplicate> d = duplicate(p, fp);
      if (d.isPresent()) {
        dropped.add(d.get());
        LOG.debug("prompt {} dropped: {} of {} (similarity {})", p.id(), d.get().exact() ? "exact duplicate"
            : "near duplicate", d.get().duplicateOf(), d.get().similarity());
      } else {
        add(p.id(), fp);
        kept.add(p);
      }
    }
    return new DedupResult(kept, dropped);
  }

  private Optional<Duplicate> duplicate(Prompt p, Fingerprint fp) {
    Integer same = byExact.get(fp.exact());
    if (same != null) {
      return Optional.of(new Duplicate(p, ids.get(same), 1.0, true));
    }
    if (fp.signature().length == 0) {
      return Optional.empty();
    }
    int best = -1;
    double bestSimilarity = threshold;
    for (int band = 0; band < bands; band++) {
      for (int i : buckets.getOrDefault(bandKey(fp, band), List.of())) {
        Fingerprint other = prints.get(i);
        if (other.context() != fp.context()) {
          continue;
        }
        double s = Fingerprints.similarity(fp.signature(), other.signature());
        if (s >= bestSimilarity) {
          best = i;
          bestSimilarity = s;
        }
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(new Duplicate(p, ids.get(best), bestSimilarity, false));
  }

  private void add(String id, Fingerprint fp) {
    int index = ids.size();
    ids.add(id);
    prints.add(fp);
    byExact.putIfAbsent(fp.exact(), index);
    if (fp.signature().length > 0) {
      for (int band = 0; band < bands; band++) {
        buckets.computeIfAbsent(bandKey(fp, band), k -> new ArrayList<>(1)).add(index);
      }
    }
  }

  private long bandKey(Fingerprint fp, int band) {
    long h = Fingerprints.mix(fp.context() + (band + 1) * 0x9E3779B97F4A7C15L);
    int[] sig = fp.signature();
    for (int j = band * rowsPerBand; j < (band + 1) * rowsPerBand; j++) {
      h = Fingerprints.mix(h ^ (sig[j] & 0xffffffffL));
    }
    return h;
  }

  /**
   * Checks the settings {@link Builder#build()} checks, for callers that build filters later.
   *
   * @throws ConfigurationException naming the setting out of range
   */
  static void validate(double threshold, int shingleSize, int numHashes) {
    if (!(threshold > 0.0 && threshold <= 1.0)) {
      throw new ConfigurationException("near-duplicate threshold must be in (0, 1], got " + threshold
          + "; 0.8 drops rewordings, 1 only prompts whose shingles are all the same");
    }
    if (shingleSize < 1 || shingleSize > 8) {
      throw new ConfigurationException("near-duplicate shingleSize must be 1 to 8 words, got " + shingleSize);
    }
    if (numHashes < 16 || numHashes > 1024) {
      throw new ConfigurationException("near-duplicate numHashes must be 16 to 1024, got " + numHashes);
    }
  }

  /** Prompts seen: kept by this filter or loaded from its state. */
  public int size() {
    return ids.size();
  }

  /** The similarity from which a prompt is a near duplicate. */
  public double threshold() {
    return threshold;
  }

  /**
   * Writes the state to {@link Builder#directory}, atomically.
   *
   * @throws ConfigurationException if the filter was built without a directory
   * @throws OutputException if the file cannot be written
   */
  public void save() {
    if (directory == null) {
      throw new ConfigurationException("this near-duplicate filter was built without a directory: build it with"
          + " directory(...) or save it with saveTo(directory)");
    }
    saveTo(directory);
  }

  /**
   * Writes the state to {@code dir}/{@value #FILE}, atomically (a temporary file renamed into place),
   * creating {@code dir} if needed.
   *
   * @throws OutputException if the file cannot be written
   */
  public void saveTo(Path dir) {
    Objects.requireNonNull(dir, "dir");
    List<Entry> entries = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      Fingerprint fp = prints.get(i);
      ByteBuffer sig = ByteBuffer.allocate(fp.signature().length * Integer.BYTES);
      sig.asIntBuffer().put(fp.signature());
      entries.add(new Entry(ids.get(i), fp.exact(), fp.context(), sig.array()));
    }
    Path file = dir.resolve(FILE);
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(new State(FORMAT, shingleSize, numHashes, entries)));
    } catch (IOException e) {
      throw new OutputException("cannot encode the near-duplicate state for " + file + ": " + e.getMessage(), e);
    }
  }

  private void load(Path file) {
    State state;
    try {
      state = JSON.readValue(file.toFile(), State.class);
    } catch (IOException e) {
      throw new DataInputException("cannot read the near-duplicate state " + file + ": " + e.getMessage()
          + "; restore it from a backup, or move it away to start with no prompts seen", e);
    }
    if (state.format() != FORMAT) {
      throw new DataInputException("near-duplicate state " + file + " has format " + state.format() + ", this"
          + " version reads format " + FORMAT + "; use the version that wrote it, or move it away to start afresh");
    }
    if (state.shingleSize() != shingleSize || state.numHashes() != numHashes) {
      throw new ConfigurationException("near-duplicate state " + file + " was made with shingleSize "
          + state.shingleSize() + " and numHashes " + state.numHashes() + ", but this filter has shingleSize "
          + shingleSize + " and numHashes " + numHashes + ": build the filter with the state's settings, or"
          + " give it another directory");
    }
    List<Entry> entries = state.entries() == null ? List.of() : state.entries();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      int length = e.minhash() == null ? -1 : e.minhash().length;
      if (e.id() == null || (length != 0 && length != numHashes * Integer.BYTES)) {
        throw new DataInputException("near-duplicate state " + file + ": entry " + i + " has no id or a signature"
            + " of " + length + " bytes, not " + numHashes * Integer.BYTES + "; the file is damaged, restore it"
            + " from a backup or move it away to start afresh");
      }
      int[] sig = new int[length / Integer.BYTES];
      ByteBuffer.wrap(e.minhash()).asIntBuffer().get(sig);
      add(e.id(), new Fingerprint(e.exact(), e.context(), sig));
    }
  }

  /**
   * Settings of a {@link NearDuplicateFilter}; {@link #build()} validates them and loads the state.
   *
   * @since 0.5
   */
  public static final class Builder {
    /**
     * Folder of the state file {@value NearDuplicateFilter#FILE}: loaded by {@link #build()} when
     * present, written by {@link NearDuplicateFilter#save()}. Default none: the filter remembers only
     * what it saw itself.
     */
    private Path directory;

    /**
     * Estimated Jaccard similarity of word shingles from which a prompt is a near duplicate, in (0, 1].
     * Default 0.8: rewordings and small edits of a long prompt are dropped, short questions that
     * differ in a word are kept. 1 drops only prompts whose shingles are all the same.
     */
    private double threshold = 0.8;

    /** Words per shingle, 1 to 8. Default 3: word order counts, and one changed word changes three shingles. */
    private int shingleSize = 3;

    /** MinHash hashes per prompt, 16 to 1024. Default 128: a similarity estimate within about 0.035. */
    private int numHashes = DEFAULT_HASHES;

    private Builder() {}

    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    public Builder shingleSize(int shingleSize) {
      this.shingleSize = shingleSize;
      return this;
    }

    public Builder numHashes(int numHashes) {
      this.numHashes = numHashes;
      return this;
    }

    /**
     * @throws ConfigurationException if a setting is out of range, or differs from the one the saved
     *     state was made with
     * @throws DataInputException if the saved state cannot be read
     */
    public NearDuplicateFilter build() {
      validate(threshold, shingleSize, numHashes);
      if (directory != null && Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new ConfigurationException("near-duplicate state directory " + directory + " is a file, not a folder");
      }
      return new NearDuplicateFilter(this);
    }
  }
}
