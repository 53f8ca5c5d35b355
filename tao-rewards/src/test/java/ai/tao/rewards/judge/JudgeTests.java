package ai.tao.rewards.judge;

import ai.tao.api.CandidateGroup;
import ai.tao.rewards.TestGroups;
import java.time.Duration;

/** What the judge tests share: a fast builder for a loopback server, and small group helpers. */
final class JudgeTests {

  /** Small backoffs, a short timeout: a test of faults finishes in well under a second each. */
  static final RetryPolicy FAST_RETRY = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20));

  private JudgeTests() {}

  static JudgeScorer.Builder judge(FakeJudgeServer server, JudgeMode mode) {
    return JudgeScorer.builder().baseUrl(server.baseUrl()).model("fake-judge").mode(mode)
        .timeout(Duration.ofMillis(1000)).retry(FAST_RETRY).concurrency(4);
  }

  static CandidateGroup group(String promptId, String... texts) {
    return TestGroups.group(promptId, "What is the capital of France?", texts);
  }
}
