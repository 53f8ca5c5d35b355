package ai.tao.rewards.judge;

import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.Score;
import ai.tao.rewards.judge.FakeJudgeServer.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JudgeGroupTest extends JudgeContract {
  private static final String[] TEXTS = {"a", "bb", "ccc", "dddd", "eeeee", "ffffff"};

  @Override
  JudgeMode mode() {
    return JudgeMode.GROUP;
  }

  @Test
  void theOrderShownIsShuffledPerGroupAndScoresMapBackToTheirCandidates() {
    JudgeScorer judge = judge();
    int before = server.requestCount();
    Set<List<String>> orders = new HashSet<>();
    for (int p = 0; p < 8; p++) {
      List<Score> scores = judge.score(JudgeTests.group("prompt-" + p, TEXTS));
      // The fake grades by length: whatever order it saw, each candidate gets its own grade back.
      assertThat(values(scores)).containsExactly(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, within(1e-12));
    }
    server.requests().subList(before, server.requestCount()).forEach(r -> orders.add(FakeJudge.shown(r)));
    assertThat(server.requestCount() - before).isEqualTo(8);
    assertThat(orders).as("orders the judge saw").hasSizeGreaterThanOrEqualTo(6);
    assertThat(orders).allMatch(o -> new HashSet<>(o).equals(Set.of(TEXTS)));
  }

  @Test
  void theSameGroupIsShownTheSameWayWhateverItsOrder() {
    JudgeScorer judge = judge();
    int before = server.requestCount();
    judge.score(JudgeTests.group("q", TEXTS));
    judge.score(JudgeTests.group("q", "ffffff", "eeeee", "dddd", "ccc", "bb", "a"));
    assertThat(FakeJudge.shown(server.requests().get(before)))
        .isEqualTo(FakeJudge.shown(server.requests().get(before + 1)));
  }

  @Test
  void numberedLinesAreReadToo() {
    server.handler(r -> {
      List<String> shown = FakeJudge.shown(r);
      StringBuilder sb = new StringBuilder("Here are my scores:\n");
      for (int i = 0; i < shown.size(); i++) {
        sb.append(i + 1).append(": ").append(shown.get(i).length() * 2).append('\n');
      }
      return Response.ok(sb.toString());
    });
    assertThat(values(judge().score(JudgeTests.group("p", "a", "bb", "ccc"))))
        .containsExactly(new double[] {0.2, 0.4, 0.6}, within(1e-12));
  }

  @Test
  void aReplyWithTheWrongNumberOfScoresLeavesTheGroupNotApplicable() {
    server.handler(r -> Response.ok("```json\n{\"scores\": [7, 8]}\n```"));
    JudgeScorer judge = judge();
    List<Score> scores = judge.score(JudgeTests.group("p", "a", "bb", "ccc"));
    assertThat(scores).noneMatch(Score::applicable);
    assertThat(scores.get(0).reason()).contains("no 3 scores").contains("{\"scores\": [7, 8]}");
    assertThat(judge.drainCounters()).containsEntry("failures", 1.0).containsEntry("calls", 1.0);
  }
}
