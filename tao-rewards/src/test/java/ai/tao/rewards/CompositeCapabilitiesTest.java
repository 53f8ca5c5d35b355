package ai.tao.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Weighted, gated and routed scorers pass their parts' answers on and drain their parts' counters under labels. */
class CompositeCapabilitiesTest {

  /** Counts the groups it scored; answers with the candidate's first word. */
  private static final class Counting implements Scorer {
    private int groups;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public List<Score> score(CandidateGroup group) {
      groups++;
      return group.candidates().stream().map(c -> Score.of(1)).toList();
    }

    @Override
    public Optional<String> answerOf(Prompt prompt, Completion candidate) {
      return Optional.of(candidate.text().split(" ")[0]);
    }

    @Override
    public Map<String, Double> drainCounters() {
      Map<String, Double> m = Map.of("groups", (double) groups);
      groups = 0;
      return m;
    }
  }

  private static final Completion ANSWER = TestGroups.completion("42 is it");

  @Test
  void aWeightedScorerAnswersWithItsFirstPartThatAnswersAndLabelsEachPartsCounters() {
    Counting c = new Counting();
    Scorer w = Scorers.weighted().add("len", Scorers.length().max(100).build(), 1).add("vote", c, 1).build();
    w.score(TestGroups.group("p", "q", "42 is it", "7"));
    w.score(TestGroups.group("p", "q", "1"));
    assertThat(w.answerOf(Prompt.ofText("p", "q"), ANSWER)).hasValue("42");
    assertThat(w.drainCounters()).containsExactly(Map.entry("vote.groups", 2.0));
    assertThat(w.drainCounters()).containsExactly(Map.entry("vote.groups", 0.0));
  }

  @Test
  void aGatedScorerAnswersWithItsInnerScorerAndLabelsGateAndThen() {
    Counting gate = new Counting();
    Counting inner = new Counting();
    Scorer g = Scorers.gated().gate(gate).then(inner).build();
    g.score(TestGroups.group("p", "q", "a", "b"));
    assertThat(g.answerOf(Prompt.ofText("p", "q"), ANSWER)).hasValue("42");
    assertThat(g.drainCounters()).containsExactly(Map.entry("gate.groups", 1.0), Map.entry("then.groups", 1.0));
  }

  @Test
  void aRouterAnswersWithTheRoutedScorerAndLabelsCountersByTask() {
    Counting sql = new Counting();
    Scorer r = Scorers.router().route("sql", sql).route("qa", Scorers.length().max(10).build()).build();
    Prompt sqlPrompt = new Prompt("p", "q", List.of(), Map.of("task", "sql"));
    Prompt qaPrompt = new Prompt("p2", "q", List.of(), Map.of("task", "qa"));
    r.score(new CandidateGroup(sqlPrompt, List.of(ANSWER)));
    assertThat(r.answerOf(sqlPrompt, ANSWER)).hasValue("42");
    assertThat(r.answerOf(qaPrompt, ANSWER)).isEmpty();
    assertThat(r.answerOf(Prompt.ofText("x", "unrouted"), ANSWER)).isEmpty();
    assertThat(r.drainCounters()).containsExactly(Map.entry("sql.groups", 1.0));
  }
}
