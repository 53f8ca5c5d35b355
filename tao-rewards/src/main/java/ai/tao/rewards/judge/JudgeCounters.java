package ai.tao.rewards.judge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a judge counted: per step (drained by {@link JudgeScorer#drainCounters()}) and over its life
 * (for the failure-rate check).
 *
 * <p>Per-step names: {@code calls} (requests made, a retried one once), {@code cache_hits}, {@code
 * retries} (extra attempts), {@code failures} (calls that failed after their retries plus replies
 * that could not be read), {@code budget_skipped} (calls not made because the budget was spent),
 * {@code prompt_tokens}, {@code completion_tokens} and {@code cost} (the tokens at the configured
 * prices). Cache hits cost no tokens.
 */
final class JudgeCounters {
  private final double pricePromptPer1k;
  private final double priceCompletionPer1k;

  private long calls;
  private long cacheHits;
  private long retries;
  private long failures;
  private long budgetSkipped;
  private long promptTokens;
  private long completionTokens;

  private long lifeAttempted;
  private long lifeFailures;
  private String lastFailure = "";

  JudgeCounters(double pricePromptPer1k, double priceCompletionPer1k) {
    this.pricePromptPer1k = pricePromptPer1k;
    this.priceCompletionPer1k = priceCompletionPer1k;
  }

  synchronized void cacheHit() {
    cacheHits++;
    lifeAttempted++;
  }

  synchronized void called(ChatReply reply) {
    calls++;
    lifeAttempted++;
    promptTokens += reply.promptTokens();
    completionTokens += reply.completionTokens();
  }

  synchronized void callFailed(String reason) {
    calls++;
    lifeAttempted++;
    failure(reason);
  }

  synchronized void retried() {
    retries++;
  }

  synchronized void budgetSkipped() {
    budgetSkipped++;
  }

  /** Replies that came back (or from the cache) but gave no verdict. */
  synchronized void unparseable(int count, String reason) {
    for (int i = 0; i < count; i++) {
      failure(reason);
    }
  }

  private void failure(String reason) {
    failures++;
    lifeFailures++;
    lastFailure = reason;
  }

  synchronized long lifeAttempted() {
    return lifeAttempted;
  }

  synchronized long lifeFailures() {
    return lifeFailures;
  }

  synchronized String lastFailure() {
    return lastFailure;
  }

  /** This step's counts under their stable names (every name, zeros included), then reset. */
  synchronized Map<String, Double> drain() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("calls", (double) calls);
    m.put("cache_hits", (double) cacheHits);
    m.put("retries", (double) retries);
    m.put("failures", (double) failures);
    m.put("budget_skipped", (double) budgetSkipped);
    m.put("prompt_tokens", (double) promptTokens);
    m.put("completion_tokens", (double) completionTokens);
    m.put("cost", promptTokens / 1000.0 * pricePromptPer1k + completionTokens / 1000.0 * priceCompletionPer1k);
    calls = cacheHits = retries = failures = budgetSkipped = promptTokens = completionTokens = 0;
    return m;
  }
}
