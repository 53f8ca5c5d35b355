package ai.tao.rewards.judge;

/**
 * The most a judge may spend over its life: calls and tokens (prompt plus completion). A call is
 * reserved before it is made; once either limit is reached no call is made, and what it would have
 * judged is not applicable. A retried call counts once.
 *
 * <p>Calls are reserved one by one in the order a group's calls are planned, before any of them
 * runs, so which calls are made does not depend on which finishes first. The token limit is checked
 * against the tokens of the calls already finished: the calls of one group are reserved together,
 * so a group may overshoot the token limit by its own tokens.
 */
final class JudgeBudget {
  private final long maxCalls;
  private final long maxTokens;
  private long calls;
  private long tokens;

  /** @param maxCalls at most this many calls; {@code Long.MAX_VALUE} for no limit. Same for tokens. */
  JudgeBudget(long maxCalls, long maxTokens) {
    this.maxCalls = maxCalls;
    this.maxTokens = maxTokens;
  }

  /** Reserves a call; false, and nothing reserved, once a limit is reached. */
  synchronized boolean tryReserve() {
    if (calls >= maxCalls || tokens >= maxTokens) {
      return false;
    }
    calls++;
    return true;
  }

  synchronized void spent(long replyTokens) {
    tokens += replyTokens;
  }

  /** Why no more calls are made, for the not-applicable reason. */
  synchronized String spentReason() {
    return calls >= maxCalls
        ? "judge budget spent: " + calls + " of maxCalls " + maxCalls + " calls made; raise maxCalls to judge more"
        : "judge budget spent: " + tokens + " tokens used of maxTokens " + maxTokens + "; raise maxTokens to judge more";
  }

  @Override
  public String toString() {
    return "maxCalls=" + (maxCalls == Long.MAX_VALUE ? "none" : maxCalls)
        + ", maxTokens=" + (maxTokens == Long.MAX_VALUE ? "none" : maxTokens);
  }
}
