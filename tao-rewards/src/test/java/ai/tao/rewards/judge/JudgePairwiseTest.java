package ai.tao.rewards.judge;

import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.Score;
import ai.tao.rewards.judge.FakeJudgeServer.Response;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JudgePairwiseTest extends JudgeContract {

  @Override
  JudgeMode mode() {
    return JudgeMode.PAIRWISE;
  }


  @Test
  void everyPairIsAskedInBothOrdersAndTheScoreIsTheWinRate() {
    int before = server.requestCount();
    List<Score> scores = judge().score(JudgeTests.group("p", "bb", "a", "ccc"));
    // ccc beats both, bb beats a: win rates 1/2, 0, 1.
    assertThat(values(scores)).containsExactly(new double[] {0.5, 0, 1}, within(1e-12));
    assertThat(scores.get(0).components()).containsEntry("wins", 1.0).containsEntry("losses", 1.0)
        .containsEntry("ties", 0.0).containsEntry("pairs", 2.0);
    Set<List<String>> asked = new HashSet<>();
    since(before).forEach(r -> asked.add(FakeJudge.shown(r)));
    assertThat(asked).containsExactlyInAnyOrder(List.of("a", "bb"), List.of("bb", "a"), List.of("a", "ccc"),
        List.of("ccc", "a"), List.of("bb", "ccc"), List.of("ccc", "bb"));
  }

  @Test
  void ordersThatDisagreeAreATie() {
    // A judge that always prefers the first answer: each pair's two orders disagree.
    server.handler(r -> Response.ok("Winner: A"));
    List<Score> scores = judge().score(JudgeTests.group("p", "bb", "a", "ccc"));
    assertThat(values(scores)).containsExactly(0.5, 0.5, 0.5);
    assertThat(scores).allMatch(s -> s.components().get("ties") == 2.0);
  }

  @Test
  void aTieInOneOrderIsATie() {
    server.handler(r -> Response.ok(FakeJudge.shown(r).get(0).equals("a") ? "Winner: tie" : "Winner: A"));
    assertThat(values(judge().score(JudgeTests.group("p", "a", "b")))).containsExactly(0.5, 0.5);
  }

  @Test
  void pairingIsRoundRobinForSmallGroupsAndBoundedForLargeOnes() {
    assertThat(PairwiseJudging.pairs(5, 2)).hasSize(10);
    assertThat(PairwiseJudging.pairs(4, 2)).hasSize(6);
    int before = server.requestCount();
    List<Score> scores = judge().score(JudgeTests.group("p", "a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g", "hh2"));
    // 8 distinct candidates, offsets 2: 16 pairs, 32 calls (round robin would make 56); each meets 4 others.
    assertThat(server.requestCount() - before).isEqualTo(32);
    assertThat(scores).allMatch(s -> s.components().get("pairs") == 4.0);
    Map<String, Integer> appearances = new HashMap<>();
    since(before).forEach(r -> FakeJudge.shown(r).forEach(t -> appearances.merge(t, 1, Integer::sum)));
    assertThat(appearances.values()).containsOnly(8);
  }

  @Test
  void aFailedOrUnreadableCallDropsItsPairOnly() {
    server.handler(r -> FakeJudge.shown(r).contains("zz") ? Response.ok("no idea") : FakeJudge.byLength().handle(r));
    JudgeScorer judge = judge();
    List<Score> scores = judge.score(JudgeTests.group("p", "a", "bbb", "zz"));
    // zz's pairs are unreadable: it is not applicable; a and bbb still meet each other.
    assertThat(scores.get(2).applicable()).isFalse();
    assertThat(scores.get(2).reason()).contains("no \"Winner: A|B|tie\"").contains("no idea");
    assertThat(values(scores.subList(0, 2))).containsExactly(0, 1);
    assertThat(judge.drainCounters()).containsEntry("failures", 4.0).containsEntry("calls", 6.0);
  }

  @Test
  void aGroupOfOneTextIsNotApplicableWithoutACall() {
    int before = server.requestCount();
    List<Score> scores = judge().score(JudgeTests.group("p", "same", "same"));
    assertThat(scores).noneMatch(Score::applicable);
    assertThat(scores.get(0).reason()).contains("at least 2 distinct candidates");
    assertThat(server.requestCount()).isEqualTo(before);
  }
}
