package ai.tao.rewards.judge;

import java.util.Objects;
import java.util.Optional;

/**
 * How one planned call ended: with the judge's reply (fresh or from the cache), or without one and a
 * reason (it failed after its retries, or the budget was spent before it was made).
 *
 * @param reply the reply text; empty when there is none
 * @param reason why there is no reply; empty when there is one
 */
record JudgeOutcome(Optional<String> reply, String reason) {
  JudgeOutcome {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(reason, "reason");
    if (reply.isEmpty() == reason.isBlank()) {
      throw new IllegalArgumentException("an outcome has a reply or a reason, not both or neither");
    }
  }

  static JudgeOutcome replied(String content) {
    return new JudgeOutcome(Optional.of(content), "");
  }

  static JudgeOutcome none(String reason) {
    return new JudgeOutcome(Optional.empty(), reason);
  }
}
