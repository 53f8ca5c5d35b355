package ai.tao.rewards.judge;

import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cache, the budget and the counters: what a judge costs, and that a rerun costs nothing. */
@Timeout(10)
class JudgeAccountingTest extends JudgeContract {

  @Override
  JudgeMode mode() {
    return JudgeMode.GROUP;
  }

  private static List<CandidateGroup> runGroups() {
    List<CandidateGroup> groups = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      groups.add(JudgeTests.group("p" + p, "a", "bb", "ccc" + p, "dddd"));
    }
    return groups;
  }

  @Test
  void aRerunWithTheCacheMakesNoCallsAndGivesTheSameScores(@TempDir Path cache) throws IOException {
    List<List<Score>> first = new ArrayList<>();
    int before = server.requestCount();
    JudgeScorer run1 = keep(builder().cacheDir(cache).build());
    runGroups().forEach(g -> first.add(run1.score(g)));
    Map<String, Double> c1 = run1.drainCounters();
    assertThat(c1).containsEntry("calls", 5.0).containsEntry("cache_hits", 0.0);
    assertThat(server.requestCount() - before).isEqualTo(5);
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(5);
    }

    int afterFirst = server.requestCount();
    JudgeScorer run2 = keep(builder().cacheDir(cache).build());
    List<List<Score>> second = runGroups().stream().map(run2::score).toList();
    Map<String, Double> c2 = run2.drainCounters();
    double hitRate = c2.get("cache_hits") / (c2.get("cache_hits") + c2.get("calls"));
    assertThat(hitRate).as("cache hit rate of the rerun").isEqualTo(1.0);
    assertThat(c2).containsEntry("calls", 0.0).containsEntry("prompt_tokens", 0.0).containsEntry("cost", 0.0);
    assertThat(server.requestCount()).as("server requests during the rerun").isEqualTo(afterFirst);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void theCacheKeyChangesWithTheRubricAndTheModel(@TempDir Path cache) {
    CandidateGroup g = JudgeTests.group("p", "a", "bb");
    keep(builder().cacheDir(cache).build()).score(g);
    int before = server.requestCount();
    keep(builder().cacheDir(cache).rubric("Another rubric.").build()).score(g);
    keep(builder().cacheDir(cache).model("another-model").build()).score(g);
    keep(builder().cacheDir(cache).mode(JudgeMode.POINTWISE).build()).score(g);
    assertThat(server.requestCount() - before).isEqualTo(1 + 1 + 2);
  }

  @Test
  void anUnreadableCacheEntryIsAMiss(@TempDir Path cache) throws IOException {
    CandidateGroup g = JudgeTests.group("p", "a", "bb");
    keep(builder().cacheDir(cache).build()).score(g);
    try (Stream<Path> files = Files.list(cache)) {
      Files.writeString(files.findFirst().orElseThrow(), "{not json");
    }
    int before = server.requestCount();
    JudgeScorer again = keep(builder().cacheDir(cache).build());
    assertThat(values(again.score(g))).containsExactly(new double[] {0.1, 0.2}, within(1e-12));
    assertThat(server.requestCount() - before).isEqualTo(1);
  }

  @Test
  void tokensAndCostAreCountedPerStep() {
    JudgeScorer judge = keep(builder().pricePer1k(2.0, 10.0).build());
    judge.score(JudgeTests.group("p", "a", "bb"));
    judge.score(JudgeTests.group("q", "a", "bb"));
    // The fake bills 10 prompt and 5 completion tokens per call: 2 calls = 20 and 10 tokens.
    assertThat(judge.drainCounters()).containsExactly(Map.entry("calls", 2.0), Map.entry("cache_hits", 0.0),
        Map.entry("retries", 0.0), Map.entry("failures", 0.0), Map.entry("budget_skipped", 0.0),
        Map.entry("prompt_tokens", 20.0), Map.entry("completion_tokens", 10.0),
        Map.entry("cost", 20 / 1000.0 * 2 + 10 / 1000.0 * 10));
    assertThat(judge.drainCounters()).containsEntry("calls", 0.0).containsEntry("cost", 0.0);
  }

  @Test
  void onceTheCallBudgetIsSpentNoCallIsMadeAndTheReasonSaysSo() {
    int before = server.requestCount();
    JudgeScorer judge = keep(builder().mode(JudgeMode.POINTWISE).maxCalls(3).build());
    List<Score> scores = judge.score(JudgeTests.group("p", "e", "dd", "ccc", "bbbb", "aaaaa"));
    // Calls are reserved in plan order (sorted texts: aaaaa, bbbb, ccc, dd, e), whatever finishes first.
    assertThat(scores.subList(2, 5)).allMatch(Score::applicable);
    assertThat(scores.subList(0, 2)).noneMatch(Score::applicable);
    assertThat(scores.get(0).reason()).contains("budget spent").contains("maxCalls 3");
    assertThat(judge.score(JudgeTests.group("q", "x"))).noneMatch(Score::applicable);
    assertThat(server.requestCount() - before).isEqualTo(3);
    assertThat(judge.drainCounters()).containsEntry("calls", 3.0).containsEntry("budget_skipped", 3.0)
        .containsEntry("failures", 0.0);
  }

  @Test
  void onceTheTokenBudgetIsSpentNoCallIsMade() {
    JudgeScorer judge = keep(builder().mode(JudgeMode.POINTWISE).maxTokens(20).build());
    assertThat(judge.score(JudgeTests.group("p", "a"))).allMatch(Score::applicable); // 15 tokens
    assertThat(judge.score(JudgeTests.group("p", "bb"))).allMatch(Score::applicable); // 30: over, no more
    Score s = judge.score(JudgeTests.group("p", "ccc")).get(0);
    assertThat(s.applicable()).isFalse();
    assertThat(s.reason()).contains("30 tokens used of maxTokens 20");
  }
}
