package ai.tao.core.data;

import ai.tao.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prompt sources backed by JSONL files: one file, a schedule of files that take over at given
 * rounds (a data flywheel fed with fresh traffic), or the newest file of a folder.
 *
 * <pre>{@code
 * PromptFileSource source = PromptFiles.jsonl(Path.of("prod-week1.jsonl"))
 *     .round(3, Path.of("prod-week2.jsonl"))   // rounds 3.. read week 2
 *     .skipMalformed(true)
 *     .build();
 * }</pre>
 *
 * <h2>File format</h2>
 *
 * One JSON object per line, UTF-8; blank lines are ignored. Each line is a text prompt or a chat
 * prompt:
 *
 * <pre>
 * {"id": "q1", "prompt": "Who works in sales?"}
 * {"id": "q2", "messages": [{"role": "system", "content": "Answer in SQL."},
 *                           {"role": "user", "content": "avg pay in hr"}],
 *  "metadata": {"channel": "slack"}}
 * </pre>
 *
 * <ul>
 *   <li>{@code prompt} (alias {@code text}): the prompt text, a non-blank string; or
 *   <li>{@code messages}: a non-empty array of {@code {"role", "content"}} string pairs (OpenAI chat
 *       style) that does not end with an {@code assistant} turn. Exactly one of the two.
 *   <li>{@code id}: optional string or integer, unique within the file; default
 *       {@code FILE_NAME:LINE}, such as {@code prod.jsonl:12}.
 *   <li>{@code metadata}: optional object of strings, for provenance. {@code source} (file name)
 *       and {@code line} are added unless present.
 * </ul>
 *
 * <p><b>Inputs only.</b> TAO tunes without labels, and that is a promise the reader enforces: a
 * field (or metadata key) whose name has a word from {@link #LABEL_WORDS}, such as {@code answer},
 * {@code gold}, {@code gold_sql} or {@code expectedOutput}, fails the read with a
 * {@link ai.tao.api.DataInputException} naming the file and line, as does a conversation ending
 * with an assistant turn. This holds with {@code skipMalformed(true)} too: a labelled dataset must
 * not pass as prompts by having its lines skipped. A field that merely looks like a label can be
 * listed in {@link Builder#ignoreFields(Set)}, which drops it unread. Other unknown fields are
 * ignored with a warning and counted in {@link PromptFileStats#unknownFields()}.
 *
 * <p>Lines whose content repeats an earlier line (text trimmed and whitespace collapsed, or the
 * same messages) are dropped; the first one is kept. A file that yields no prompt at all is an
 * error: {@code no prompts in FILE (N lines read, M skipped ...)}.
 *
 * @since 0.1
 */
public final class PromptFiles {

  /**
   * Words that mark a field name as a label: a field is rejected when any word of its name (split
   * at non-alphanumerics and camelCase humps, lower-cased) is one of these.
   */
  public static final Set<String> LABEL_WORDS =
      Set.of(
          "answer", "answers", "gold", "label", "labels", "sql", "completion", "completions",
          "response", "responses", "target", "targets", "output", "outputs", "expected",
          "solution", "solutions", "reference", "references", "truth", "groundtruth", "chosen",
          "rejected", "ideal", "correct");

  private PromptFiles() {}

  /** A source that reads {@code file} every round; add later files with {@link Builder#round}. */
  public static Builder jsonl(Path file) {
    return new Builder(null).round(0, file);
  }

  /**
   * A source in which round {@code i} reads {@code files.get(i)} and every round after the last
   * reads the last file.
   *
   * @throws ConfigurationException if {@code files} is empty
   */
  public static Builder rounds(List<Path> files) {
    Objects.requireNonNull(files, "files");
    if (files.isEmpty()) {
      throw new ConfigurationException("rounds(...) needs at least one file, got none");
    }
    Builder builder = new Builder(null);
    for (int i = 0; i < files.size(); i++) {
      builder.round(i, files.get(i));
    }
    return builder;
  }

  /**
   * A source that, each round, reads the last {@code *.jsonl} file of {@code directory} in file
   * name order, so date-stamped or numbered log files ({@code prompts-2025-06-01.jsonl},
   * {@code part-0007.jsonl}) are read newest first. Hidden files and other extensions are not
   * considered; write a new file under another name and rename it into place so that a round never
   * reads a half-written file.
   */
  public static Builder directory(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory"));
  }

  /** Configures a {@link PromptFileSource}. Not thread-safe; the built source is. */
  public static final class Builder {
    private final Path directory;
    private final TreeMap<Integer, Path> schedule = new TreeMap<>();
    private boolean skipMalformed = false;
    private Set<String> ignoreFields = Set.of();
    private boolean dropSeenInEarlierRounds = false;

    private Builder(Path directory) {
      this.directory = directory;
    }

    /**
     * From round {@code fromRound} on (until a later entry takes over), read {@code file}. Each
     * round reads the file of the latest entry whose round is at most its own.
     *
     * @throws ConfigurationException if {@code fromRound} is negative or already has a file, or if
     *     this is a {@link PromptFiles#directory} source
     */
    public Builder round(int fromRound, Path file) {
      Objects.requireNonNull(file, "file");
      if (directory != null) {
        throw new ConfigurationException(
            "round(" + fromRound + ", " + file + ") does not apply to a directory source, which "
                + "reads the newest file of " + directory + " each round");
      }
      if (fromRound < 0) {
        throw new ConfigurationException("round must be >= 0, got " + fromRound + " for " + file);
      }
      Path previous = schedule.putIfAbsent(fromRound, file);
      if (previous != null) {
        throw new ConfigurationException(
            "round " + fromRound + " already reads " + previous + "; cannot also read " + file);
      }
      return this;
    }

    /**
     * Whether malformed lines are skipped and counted ({@link PromptFileStats#skippedMalformed()})
     * instead of failing the read. Default {@code false}: a broken export should be noticed, not
     * silently shrink the training set. Label-like fields fail the read either way.
     */
    public Builder skipMalformed(boolean skip) {
      this.skipMalformed = skip;
      return this;
    }

    /**
     * Fields to drop unread, without warning. Default none. Names are compared exactly; a metadata
     * key is named {@code metadata.KEY}. A label-like name listed here is dropped rather than
     * rejected: list one only when you know the field holds no answer.
     *
     * @throws ConfigurationException if a name is blank or is one of the prompt fields
     */
    public Builder ignoreFields(Set<String> fields) {
      Set<String> copy = new TreeSet<>(Objects.requireNonNull(fields, "fields"));
      for (String f : copy) {
        if (f.isBlank()) {
          throw new ConfigurationException("ignoreFields has a blank name: " + copy);
        }
        if (Set.of("id", "prompt", "text", "messages", "metadata").contains(f)) {
          throw new ConfigurationException(
              "ignoreFields cannot ignore '" + f + "', which is a prompt field");
        }
      }
      this.ignoreFields = Set.copyOf(copy);
      return this;
    }

    /**
     * Whether a round drops prompts that a file read by an earlier round already had, so that a
     * new file of a flywheel contributes only new traffic. Rounds that read the same file as the
     * round before keep its prompts. With a directory source, "earlier rounds" are the rounds this
     * source has served. Default {@code false}: repeated prompts are still useful to tune on.
     */
    public Builder dropSeenInEarlierRounds(boolean drop) {
      this.dropSeenInEarlierRounds = drop;
      return this;
    }

    /**
     * @throws ConfigurationException if no file starts at round 0, or if the round-0 file or the
     *     directory does not exist
     */
    public PromptFileSource build() {
      if (directory != null) {
        if (!Files.isDirectory(directory)) {
          throw new ConfigurationException(
              "prompt directory " + directory + " does not exist or is not a directory");
        }
      } else {
        Map.Entry<Integer, Path> first = schedule.firstEntry();
        if (first.getKey() != 0) {
          throw new ConfigurationException(
              "the first prompt file must start at round 0, but the earliest is " + first.getValue()
                  + " at round " + first.getKey());
        }
        if (!Files.isRegularFile(first.getValue())) {
          throw new ConfigurationException(
              "prompt file " + first.getValue() + " does not exist or is not a file");
        }
      }
      return new PromptFileSource(
          directory, schedule, new JsonlPromptReader(skipMalformed, ignoreFields),
          skipMalformed, ignoreFields, dropSeenInEarlierRounds);
    }
  }
}
