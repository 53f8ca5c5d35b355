package ai.tao.rewards.judge;

import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.Score;
import ai.tao.api.ScoringException;
import ai.tao.rewards.judge.FakeJudgeServer.Fault;
import ai.tao.rewards.judge.FakeJudgeServer.Request;
import ai.tao.rewards.judge.FakeJudgeServer.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults at the endpoint: every call ends scored or not applicable with a reason, and nothing hangs. */
@Timeout(10)
class JudgeRobustnessTest extends JudgeContract {

  @Override
  JudgeMode mode() {
    return JudgeMode.POINTWISE;
  }

  /** The first {@code faults} requests (counted from now) get {@code fault}; later ones the fake judge. */
  private static void failFirst(int faults, Function<Request, Response> fault) {
    int from = server.requestCount();
    server.handler(r -> r.number() - from < faults ? fault.apply(r) : FakeJudge.byLength().handle(r));
  }

  private static void failAlways(Response fault) {
    server.handler(r -> fault);
  }

  @Test
  void serverErrorsAreRetriedAndThenScored() {
    failFirst(2, r -> Response.status(500, "{\"error\": \"overloaded\"}"));
    JudgeScorer judge = judge();
    assertThat(values(judge.score(JudgeTests.group("p", "abcd")))).containsExactly(0.4);
    assertThat(judge.drainCounters()).containsEntry("calls", 1.0).containsEntry("retries", 2.0)
        .containsEntry("failures", 0.0);
  }

  @Test
  void retryAfterIsHonoured() {
    failFirst(1, r -> Response.status(429, "{\"error\": \"rate limited\"}").header("Retry-After", "1"));
    int before = server.requestCount();
    JudgeScorer judge = keep(builder().retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofSeconds(2))).build());
    assertThat(values(judge.score(JudgeTests.group("p", "abcd")))).containsExactly(0.4);
    List<Request> attempts = since(before);
    assertThat(attempts).hasSize(2);
    long gapMillis = (attempts.get(1).arrivedNanos() - attempts.get(0).arrivedNanos()) / 1_000_000;
    assertThat(gapMillis).as("server-side gap between attempts").isGreaterThanOrEqualTo(1000);
    assertThat(judge.drainCounters()).containsEntry("retries", 1.0);
  }

  @Test
  void aSlowReplyTimesOutIsRetriedAndEndsNotApplicable() {
    failAlways(Response.ok("Score: 5").delayed(3000));
    int before = server.requestCount();
    JudgeScorer judge = keep(builder().timeout(Duration.ofMillis(150)).build());
    long start = System.nanoTime();
    List<Score> scores = judge.score(JudgeTests.group("p", "abcd"));
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(3);
    assertThat(scores.get(0).applicable()).isFalse();
    assertThat(scores.get(0).reason()).contains("150 ms").contains("3 attempt(s)").contains(server.baseUrl());
    assertThat(since(before)).hasSize(3);
    assertThat(judge.drainCounters()).containsEntry("retries", 2.0).containsEntry("failures", 1.0)
        .containsEntry("calls", 1.0);
  }

  @Test
  void aSlowFirstAttemptIsRetriedIntoAScore() {
    failFirst(1, r -> Response.ok("Score: 9").delayed(2000));
    JudgeScorer judge = keep(builder().timeout(Duration.ofMillis(150)).build());
    assertThat(values(judge.score(JudgeTests.group("p", "abcd")))).containsExactly(0.4);
  }

  @Test
  void truncatedBodiesAndDroppedConnectionsAreRetried() {
    for (Fault fault : List.of(Fault.TRUNCATE, Fault.DROP)) {
      failFirst(2, r -> Response.fault(fault));
      JudgeScorer judge = judge();
      assertThat(values(judge.score(JudgeTests.group("p", "abcd")))).as(fault.name()).containsExactly(0.4);
      assertThat(judge.drainCounters()).as(fault.name()).containsEntry("retries", 2.0).containsEntry("failures", 0.0);
    }
  }

  @Test
  void malformedJsonAndDroppedConnectionsThatPersistEndNotApplicable() {
    for (Response fault : List.of(Response.status(200, "{\"choices\": [{\"mess"), Response.fault(Fault.DROP),
        Response.fault(Fault.TRUNCATE), Response.status(200, "{\"id\": \"no choices\"}"))) {
      failAlways(fault);
      JudgeScorer judge = judge();
      Score s = judge.score(JudgeTests.group("p", "abcd")).get(0);
      assertThat(s.applicable()).as(fault.toString()).isFalse();
      assertThat(s.reason()).as(fault.toString()).contains("failed after 3 attempt(s)");
      assertThat(judge.drainCounters()).containsEntry("retries", 2.0).containsEntry("failures", 1.0);
    }
  }

  @Test
  void aClientErrorIsNotRetried() {
    failAlways(Response.status(401, "{\"error\": \"bad key\"}"));
    int before = server.requestCount();
    JudgeScorer judge = judge();
    Score s = judge.score(JudgeTests.group("p", "abcd")).get(0);
    assertThat(s.reason()).contains("HTTP 401").contains("check the API key").contains("bad key");
    assertThat(since(before)).hasSize(1);
    assertThat(judge.drainCounters()).containsEntry("retries", 0.0).containsEntry("failures", 1.0);
  }

  @Test
  void inAMixOfFaultsEveryCandidateIsScoredOrNotApplicableWithAReason() {
    Map<String, Response> faults = Map.of(
        "slow", Response.ok("Score: 1").delayed(3000),
        "e500", Response.status(500, "down"),
        "drop", Response.fault(Fault.DROP),
        "half", Response.fault(Fault.TRUNCATE),
        "junk", Response.ok("I would rather not say."));
    server.handler(r -> faults.getOrDefault(FakeJudge.shown(r).get(0), FakeJudge.byLength().handle(r)));
    JudgeScorer judge = keep(builder().timeout(Duration.ofMillis(150)).failureThreshold(1).build());
    List<Score> scores = judge.score(JudgeTests.group("p", "slow", "e500", "drop", "half", "junk", "fine", "ok"));
    assertThat(scores).hasSize(7);
    assertThat(scores.subList(0, 5)).allSatisfy(s -> {
      assertThat(s.applicable()).isFalse();
      assertThat(s.reason()).isNotBlank();
    });
    assertThat(values(scores.subList(5, 7))).containsExactly(new double[] {0.4, 0.2}, within(1e-12));
    assertThat(judge.drainCounters()).containsEntry("failures", 5.0).containsEntry("calls", 7.0)
        .containsEntry("retries", 8.0);
  }

  @Test
  void aFailureRateAboveTheThresholdThrowsNamingTheEndpoint() {
    failAlways(Response.status(503, "maintenance"));
    JudgeScorer judge = keep(builder().retry(new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .failureMinCalls(4).failureThreshold(0.5).build());
    List<Score> first = judge.score(JudgeTests.group("p", "a", "bb"));
    assertThat(first).noneMatch(Score::applicable); // 2 calls: below failureMinCalls, no verdict yet
    assertThatThrownBy(() -> judge.score(JudgeTests.group("q", "ccc", "dddd")))
        .isInstanceOf(ScoringException.class).hasMessageContaining("4 of 4 judge calls failed (100%)")
        .hasMessageContaining("failureThreshold 50%").hasMessageContaining(server.baseUrl())
        .hasMessageContaining("HTTP 503").hasMessageContaining("raise failureThreshold");
  }

  @Test
  void aFewFailuresAmongManyCallsDoNotThrow() {
    server.handler(r -> FakeJudge.shown(r).get(0).startsWith("x") ? Response.status(500, "x") : FakeJudge.byLength()
        .handle(r));
    JudgeScorer judge = keep(builder().retry(new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).failureMinCalls(4)
        .build());
    List<Score> scores = judge.score(JudgeTests.group("p", "x1", "a", "bb", "ccc", "dddd"));
    assertThat(scores.stream().filter(Score::applicable)).hasSize(4);
  }
}
