package ai.tao.rewards.judge;

import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The scorer contract for one judge mode, against a {@link FakeJudge} on loopback that grades by
 * length. The server lives as long as the test class; the scorers a test makes are closed after it,
 * and the server's handler is reset to the fake judge.
 */
@Timeout(10)
abstract class JudgeContract extends ScorerContract {
  static FakeJudgeServer server;
  private final List<Scorer> made = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    server = new FakeJudgeServer(FakeJudge.byLength());
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  @AfterEach
  void closeScorers() {
    made.forEach(Scorer::close);
    server.handler(FakeJudge.byLength());
  }

  /** The mode under test. */
  abstract JudgeMode mode();

  /** A builder for the fake server in {@link #mode()}, with fast retries. */
  JudgeScorer.Builder builder() {
    return JudgeTests.judge(server, mode());
  }

  /** {@code judge}, closed after the test. */
  JudgeScorer keep(JudgeScorer judge) {
    made.add(judge);
    return judge;
  }

  JudgeScorer judge() {
    return keep(builder().build());
  }

  @Override
  protected Scorer scorer() {
    return judge();
  }

  /** The requests the server received since it had {@code before}. */
  static List<FakeJudgeServer.Request> since(int before) {
    List<FakeJudgeServer.Request> all = server.requests();
    return all.subList(before, all.size());
  }
}
