package ai.tao.core.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What reading one prompt file for one round found: how many lines there were and where each one
 * that did not become a prompt went.
 *
 * <p>{@code linesRead = prompts + skippedMalformed + droppedDuplicates + droppedSeenEarlier}.
 *
 * @param file the file the round read
 * @param linesRead non-blank lines in the file
 * @param prompts prompts the round returned
 * @param skippedMalformed malformed lines skipped; only ever non-zero with
 *     {@link PromptFiles.Builder#skipMalformed(boolean) skipMalformed(true)}
 * @param droppedDuplicates lines whose content repeated an earlier line of the same file
 * @param droppedSeenEarlier prompts dropped because a file of an earlier round already had them;
 *     only ever non-zero with {@link PromptFiles.Builder#dropSeenInEarlierRounds(boolean)
 *     dropSeenInEarlierRounds(true)}
 * @param unknownFields fields that are neither known, ignored nor label-like, with the number of
 *     lines that had each; they were ignored with a warning
 * @since 0.1
 */
public record PromptFileStats(
    Path file,
    int linesRead,
    int prompts,
    int skippedMalformed,
    int droppedDuplicates,
    int droppedSeenEarlier,
    Map<String, Integer> unknownFields) {

  public PromptFileStats {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(unknownFields, "unknownFields");
    unknownFields = Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields));
    if (linesRead != prompts + skippedMalformed + droppedDuplicates + droppedSeenEarlier) {
      throw new IllegalArgumentException(
          "counts do not add up for " + file + ": " + linesRead + " lines read != " + prompts
              + " prompts + " + skippedMalformed + " malformed + " + droppedDuplicates
              + " duplicates + " + droppedSeenEarlier + " seen earlier");
    }
  }

  /** A copy in which {@code n} of the prompts are counted as seen in an earlier round instead. */
  PromptFileStats withDroppedSeenEarlier(int n) {
    return new PromptFileStats(
        file, linesRead, prompts - n, skippedMalformed, droppedDuplicates, droppedSeenEarlier + n,
        unknownFields);
  }

  /** One line for logs, such as {@code prod.jsonl: 398 prompts (400 lines, 2 duplicates)}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(file.getFileName()).append(": ").append(prompts).append(" prompts (")
        .append(linesRead).append(" lines read");
    if (skippedMalformed > 0) {
      sb.append(", ").append(skippedMalformed).append(" malformed skipped");
    }
    if (droppedDuplicates > 0) {
      sb.append(", ").append(droppedDuplicates).append(" duplicates dropped");
    }
    if (droppedSeenEarlier > 0) {
      sb.append(", ").append(droppedSeenEarlier).append(" seen in earlier rounds dropped");
    }
    if (!unknownFields.isEmpty()) {
      sb.append(", unknown fields ignored: ").append(unknownFields.keySet());
    }
    return sb.append(')').toString();
  }
}
