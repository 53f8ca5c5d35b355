package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.completion;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.api.ScoringException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskRouterScorerTest extends ScorerContract {

  @Override
  protected Scorer scorer() {
    // The contract's prompts carry no task: the fallback judges them.
    return Scorers.router().route("digits", Scorers.regex().pattern("\\d").build())
        .fallback(Scorers.length().range(1, 8).build()).build();
  }

  private static CandidateGroup task(String task, String... texts) {
    Prompt p = Prompt.ofText("p-" + task, "q").withMetadata("task", task);
    return new CandidateGroup(p, java.util.Arrays.stream(texts).map(TestGroups::completion).toList());
  }

  @Test
  void eachPromptIsScoredByItsTasksScorer() {
    TaskRouterScorer r = Scorers.router()
        .route("digits", Scorers.regex().pattern("\\d").build())
        .route("json", Scorers.jsonValid().build())
        .build();

    assertThat(values(r.score(task("digits", "7", "{}")))).containsExactly(1.0, 0.0);
    assertThat(values(r.score(task("json", "7", "{}")))).containsExactly(0.0, 1.0); // a JSON object is asked for
    assertThat(r.score(task("json", "not json")).get(0).value()).isEqualTo(0.0);
    assertThat(r.routes()).containsOnlyKeys("digits", "json");
  }

  @Test
  void aPromptWithoutARouteFailsNamingTheRoutes() {
    TaskRouterScorer r = Scorers.router().route("sql", Scorers.regex().pattern("SELECT").build()).build();
    assertThatThrownBy(() -> r.score(task("doc-qa", "x")))
        .isInstanceOf(ScoringException.class).hasMessageContaining("'p-doc-qa'")
        .hasMessageContaining("'doc-qa'").hasMessageContaining("[sql]");
    CandidateGroup untagged = new CandidateGroup(Prompt.ofText("u1", "q"), List.of(completion("x")));
    assertThatThrownBy(() -> r.score(untagged)).isInstanceOf(ScoringException.class)
        .hasMessageContaining("no metadata 'task'");
    Scorer broken = TestGroups.failing(new IllegalStateException("boom"));
    TaskRouterScorer withFallback = Scorers.router().route("sql", broken).fallback(broken).build();
    assertThatThrownBy(() -> withFallback.score(task("doc-qa", "x"))).isInstanceOf(ScoringException.class)
        .hasMessageStartingWith("router fallback (scorer 'broken')").hasMessageContaining("boom");
    assertThatThrownBy(() -> withFallback.score(task("sql", "x"))).isInstanceOf(ScoringException.class)
        .hasMessageStartingWith("router task 'sql' (scorer 'broken')");
    TaskRouterScorer byKind = Scorers.router().key("kind").route("sql", Scorers.regex().pattern("S").build()).build();
    Prompt kind = Prompt.ofText("k", "q").withMetadata("kind", "sql");
    assertThat(byKind.score(new CandidateGroup(kind, List.of(completion("S")))).get(0).value()).isEqualTo(1.0);
  }

  @Test
  void aTaskRoutedTwiceOrNoRouteIsRefusedAndEachScorerIsClosedOnce() {
    Scorer regex = Scorers.regex().pattern("a").build();
    assertThatThrownBy(() -> Scorers.router().route("a", regex).route("a", regex))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> Scorers.router().build()).isInstanceOf(ConfigurationException.class);
    AtomicInteger closed = new AtomicInteger();
    Scorer shared = new Scorer() {
      @Override
      public String name() {
        return "shared";
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        return group.candidates().stream().map(c -> Score.of(1.0)).toList();
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    };
    Scorers.router().route("a", shared).route("b", shared).fallback(shared).build().close();
    assertThat(closed).hasValue(1);
  }
}
