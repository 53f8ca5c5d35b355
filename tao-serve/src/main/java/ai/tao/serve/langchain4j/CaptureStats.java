package ai.tao.serve.langchain4j;

/**
 * Counters of an {@link InferenceCaptureListener} since it was made.
 *
 * @param recorded answers handed to the inference table
 * @param dropped answers the table refused, its queue full or the table closed (its own {@link
 *     ai.tao.serve.table.TableStats#dropped()} counts them too)
 * @param skipped answers left out because the call was not a text conversation: tools, tool calls or
 *     results, content other than text, a JSON response format
 * @param failed captures that failed inside the listener (each logged); the app's call went on
 * @param errors calls that failed (the listener's {@code onError}): counted, never recorded
 * @since 0.5
 */
public record CaptureStats(long recorded, long dropped, long skipped, long failed, long errors) {}
