package ai.tao.serve.table;

/**
 * Counters of an {@link InferenceTable}'s writer since it opened.
 *
 * @param written rows committed to the database
 * @param dropped rows refused by {@link InferenceTable#record} because the queue was full or the
 *     table closed: they never reach the database
 * @param failed rows the database refused (an insert that threw); logged as errors
 * @param queued rows waiting for the writer right now
 * @since 0.3
 */
public record TableStats(long written, long dropped, long failed, int queued) {}
