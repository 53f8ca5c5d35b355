package ai.tao.serve.flywheel;

import ai.tao.api.DataInputException;
import java.time.Instant;
import java.util.Objects;

/**
 * What one flywheel round's dataset holds and where each row it read went, written beside it as
 * {@code datasets/round-NNNN.manifest.json} by {@link TablePromptSource}.
 *
 * <p>{@code rowsRead = skippedMalformed + skippedUnusable + exactDuplicates + nearDuplicates +
 * tooEasy + kept}.
 *
 * @param round the dataset's number: 0 for the first dataset of the directory, then one more per
 *     committed dataset
 * @param loopRound the round of the tuning loop it was first read for ({@link
 *     TablePromptSource#prompts(int)})
 * @param file the dataset's file name, such as {@code round-0003.jsonl}
 * @param createdAt when the dataset was written
 * @param watermarkFrom the table's row id the round read after (the watermark committed before it)
 * @param watermarkTo the id of the last row it read: the watermark once it is committed
 * @param rowsRead rows read from the table
 * @param skippedMalformed rows whose request could not be read; only ever non-zero with {@link
 *     TablePromptSource.Builder#skipMalformed(boolean) skipMalformed(true)}
 * @param skippedUnusable rows with nothing to tune on: a blank prompt, or a conversation ending with
 *     an assistant turn
 * @param pii replacements made by the PII scrubber, per kind
 * @param exactDuplicates prompts dropped as exact duplicates of one seen before
 * @param nearDuplicates prompts dropped as near duplicates of one seen before
 * @param difficultyFiltered whether a {@link DifficultyFilter} ran
 * @param tooEasy prompts the difficulty filter dropped; 0 without one
 * @param kept prompts in the dataset
 * @since 0.5
 */
public record DatasetManifest(
    int round,
    int loopRound,
    String file,
    Instant createdAt,
    long watermarkFrom,
    long watermarkTo,
    int rowsRead,
    int skippedMalformed,
    int skippedUnusable,
    PiiCounts pii,
    int exactDuplicates,
    int nearDuplicates,
    boolean difficultyFiltered,
    int tooEasy,
    int kept) {

  /**
   * @throws DataInputException if a count is negative, the counts do not add up, or the watermark
   *     goes backwards
   */
  public DatasetManifest {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(pii, "pii");
    String counts = counts(skippedMalformed, skippedUnusable, exactDuplicates, nearDuplicates, tooEasy, kept);
    if (round < 0 || loopRound < 0 || rowsRead < 0 || skippedMalformed < 0 || skippedUnusable < 0
        || exactDuplicates < 0 || nearDuplicates < 0 || tooEasy < 0 || kept < 0) {
      throw new DataInputException("dataset manifest of " + file + " has a negative round or count: " + counts);
    }
    if (rowsRead != skippedMalformed + skippedUnusable + exactDuplicates + nearDuplicates + tooEasy + kept) {
      throw new DataInputException("dataset manifest of " + file + ": counts do not add up: " + rowsRead
          + " rows read, but " + counts);
    }
    if (watermarkTo < watermarkFrom) {
      throw new DataInputException("dataset manifest of " + file + ": watermark goes back from " + watermarkFrom
          + " to " + watermarkTo);
    }
  }

  private static String counts(int skippedMalformed, int skippedUnusable, int exactDuplicates, int nearDuplicates,
      int tooEasy, int kept) {
    return skippedMalformed + " malformed + " + skippedUnusable + " unusable + " + exactDuplicates
        + " exact duplicates + " + nearDuplicates + " near duplicates + " + tooEasy + " too easy + " + kept + " kept";
  }

  /** One line for logs, such as {@code round-0003.jsonl: 412 prompts of 500 rows (…)}. */
  public String summary() {
    return file + ": " + kept + " prompts of " + rowsRead + " rows after id " + watermarkFrom + " up to "
        + watermarkTo + " (" + counts(skippedMalformed, skippedUnusable, exactDuplicates, nearDuplicates, tooEasy, kept)
        + "; PII replaced: " + pii.email() + " e-mail, " + pii.phone() + " phone, "
        + pii.card() + " card, " + pii.secret() + " secret)";
  }
}
