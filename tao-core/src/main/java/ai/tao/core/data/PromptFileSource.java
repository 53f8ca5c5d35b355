package ai.tao.core.data;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompts read from JSONL files, round by round; built by {@link PromptFiles}.
 *
 * <p>A file is read the first time a round needs it and read again only when its size or
 * modification time changes. {@link #stats(int)} tells what reading a round's file found. Safe to
 * use from several threads.
 *
 * @since 0.1
 */
public final class PromptFileSource implements PromptSource {
  private static final Logger LOG = LoggerFactory.getLogger(PromptFileSource.class);

  private record Cached(FileTime modified, long size, JsonlPromptReader.Result result) {}

  /** A round's prompts, remembered with the file read they came from. */
  private record RoundResult(
      JsonlPromptReader.Result read, List<Prompt> prompts, PromptFileStats stats) {}

  /** Null for a schedule source. */
  private final Path directory;
  private final NavigableMap<Integer, Path> schedule;
  private final JsonlPromptReader reader;
  private final boolean dropSeenInEarlierRounds;
  private final Map<Path, Cached> cache = new HashMap<>();
  /** Directory sources only: what each round served, since old log files may be deleted. */
  private final NavigableMap<Integer, JsonlPromptReader.Result> served = new TreeMap<>();
  /** The last answer per round, reused while the file read behind it is unchanged. */
  private final Map<Integer, RoundResult> answered = new HashMap<>();

  PromptFileSource(
      Path directory,
      NavigableMap<Integer, Path> schedule,
      JsonlPromptReader reader,
      boolean skipMalformed,
      Set<String> ignoreFields,
      boolean dropSeenInEarlierRounds) {
    this.directory = directory;
    this.schedule = new TreeMap<>(schedule);
    this.reader = reader;
    this.dropSeenInEarlierRounds = dropSeenInEarlierRounds;
    LOG.info(
        "Prompt source: {} (skipMalformed={}, ignoreFields={}, dropSeenInEarlierRounds={})",
        describe(), skipMalformed, ignoreFields, dropSeenInEarlierRounds);
  }

  /**
   * The round's prompts in file order.
   *
   * @return the prompts; empty only when {@code dropSeenInEarlierRounds} dropped every one
   * @throws DataInputException if the round's file is missing, unreadable, holds a label-like
   *     field or a malformed line (unless skipped), or yields no prompts
   * @throws IllegalArgumentException if {@code round} is negative
   */
  @Override
  public synchronized List<Prompt> prompts(int round) {
    return compute(round).prompts();
  }

  /**
   * What reading the round's file found: lines read, malformed lines skipped, duplicates and
   * prompts seen earlier dropped, unknown fields ignored. Reads the file if no round has yet.
   *
   * @throws DataInputException as {@link #prompts(int)}
   */
  public synchronized PromptFileStats stats(int round) {
    return compute(round).stats();
  }

  /**
   * The file round {@code round} reads: the schedule's entry for it, or the newest {@code *.jsonl}
   * of the directory now.
   *
   * @throws DataInputException if a directory source's directory holds no {@code *.jsonl} file
   */
  public synchronized Path file(int round) {
    if (round < 0) {
      throw new ConfigurationException("round must be >= 0, got " + round);
    }
    return directory == null ? schedule.floorEntry(round).getValue() : newestInDirectory(round);
  }

  @Override
  public String describe() {
    if (directory != null) {
      return "newest *.jsonl in " + directory + " each round";
    }
    if (schedule.size() == 1) {
      return "prompt file " + schedule.firstEntry().getValue();
    }
    return "prompt files "
        + schedule.entrySet().stream()
            .map(e -> e.getValue() + " from round " + e.getKey())
            .collect(Collectors.joining(", "));
  }

  private RoundResult compute(int round) {
    Path file = file(round);
    JsonlPromptReader.Result read = load(file);
    if (directory != null) {
      served.put(round, read);
    }
    RoundResult previous = answered.get(round);
    if (previous != null && previous.read() == read) {
      return previous;
    }
    RoundResult result = dropSeenInEarlierRounds ? dropSeen(round, file, read)
        : new RoundResult(read, read.prompts(), read.stats());
    answered.put(round, result);
    return result;
  }

  private RoundResult dropSeen(int round, Path file, JsonlPromptReader.Result read) {
    Set<PromptKey> seen = new HashSet<>();
    for (JsonlPromptReader.Result earlier : earlierFiles(round, file)) {
      seen.addAll(earlier.keys());
    }
    List<Prompt> fresh = new ArrayList<>();
    for (int i = 0; i < read.prompts().size(); i++) {
      if (!seen.contains(read.keys().get(i))) {
        fresh.add(read.prompts().get(i));
      }
    }
    int dropped = read.prompts().size() - fresh.size();
    if (fresh.isEmpty()) {
      LOG.warn(
          "Round {}: all {} prompts of {} were seen in earlier rounds; the round has no prompts",
          round, dropped, file);
    }
    return new RoundResult(read, List.copyOf(fresh), read.stats().withDroppedSeenEarlier(dropped));
  }

  /** What the files read by rounds before {@code round} held, except {@code current} itself. */
  private List<JsonlPromptReader.Result> earlierFiles(int round, Path current) {
    List<JsonlPromptReader.Result> results = new ArrayList<>();
    if (directory != null) {
      for (JsonlPromptReader.Result r : served.headMap(round, false).values()) {
        if (!r.stats().file().equals(current)) {
          results.add(r);
        }
      }
      return results;
    }
    Set<Path> files = new LinkedHashSet<>(schedule.headMap(round, false).values());
    files.remove(current);
    for (Path f : files) {
      results.add(load(f));
    }
    return results;
  }

  private JsonlPromptReader.Result load(Path file) {
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (IOException e) {
      throw new DataInputException(
          "prompt file " + file + " does not exist or cannot be read: " + e.getMessage(), e);
    }
    Cached cached = cache.get(file);
    if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
      return cached.result();
    }
    JsonlPromptReader.Result result = reader.read(file);
    cache.put(file, new Cached(modified, size, result));
    return result;
  }

  private Path newestInDirectory(int round) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> {
            String name = p.getFileName().toString();
            return name.endsWith(".jsonl") && !name.startsWith(".");
          })
          .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .orElseThrow(() -> new DataInputException(
              "no *.jsonl files in " + directory + " for round " + round
                  + "; write prompt files there before the round starts"));
    } catch (IOException e) {
      throw new DataInputException(
          "cannot list prompt directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
