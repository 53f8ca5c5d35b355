package ai.tao.rewards;

import static ai.tao.rewards.TestGroups.failing;
import static ai.tao.rewards.TestGroups.group;
import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerContract;
import ai.tao.api.ScoringException;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlDatabase;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlGroundingScorer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedScorerTest extends ScorerContract {

  /** Has digits (weight 1) and is 1..4 chars long, falloff 4 (weight 3). */
  private static WeightedScorer digitsAndShort() {
    return Scorers.weighted()
        .add(Scorers.regex().pattern("\\d").build(), 1.0)
        .add(Scorers.length().range(1, 4).falloff(4).build(), 3.0)
        .build();
  }

  /** Not applicable to candidates starting with "?", else 1. */
  private static Scorer picky() {
    return new Scorer() {
      @Override
      public String name() {
        return "picky";
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        List<Score> scores = new ArrayList<>();
        group.candidates().forEach(c -> scores.add(c.text().startsWith("?")
            ? Score.notApplicable("a question, not an answer") : Score.of(1.0)));
        return scores;
      }
    };
  }

  @Override
  protected Scorer scorer() {
    return digitsAndShort();
  }

  @Test
  void valueIsTheWeightedMeanOfTheParts() {
    List<Score> scores = digitsAndShort().score(group("p", "q", "42", "abcdef", "7 is prime"));

    // "42": 1 and 1. "abcdef": 0 and 0.5 (2 past max) -> 1.5/4. "7 is prime": 1 and 0 (6 past).
    assertThat(values(scores)).containsExactly(new double[] {1.0, 0.375, 0.25}, within(1e-12));
    assertThat(scores.get(1).components()).containsEntry("regex", 0.0)
        .containsEntry("length", 0.5).containsEntry("regex.pattern", 0.0)
        .containsEntry("length.length", 6.0);
    assertThat(scores.get(1).reason())
        .isEqualTo("regex: no match for rule(s) pattern; length: 6 chars is above max 4");
  }

  @Test
  void notApplicablePartsAreLeftOutOfTheMean() {
    WeightedScorer scorer = Scorers.weighted()
        .add(picky(), 3.0)
        .add(Scorers.regex().pattern("\\d").build(), 1.0)
        .build();

    List<Score> scores = scorer.score(group("p", "q", "7", "?7", "?x", "x"));

    assertThat(values(scores)).containsExactly(1.0, 1.0, 0.0, 0.75);
    assertThat(scores.get(1).components()).doesNotContainKey("picky");
    assertThat(scores.get(1).reason()).isEqualTo("picky: not applicable: a question, not an answer");
    assertThat(scores.get(2).applicable()).isTrue();
    WeightedScorer onlyPicky = Scorers.weighted().add(picky(), 1.0).build();
    assertThat(onlyPicky.score(group("p", "q", "?")).get(0).applicable()).isFalse();
  }

  @Test
  void aFailingPartFailsTheCallNamingPartScorerAndPrompt() {
    WeightedScorer scorer = Scorers.weighted()
        .add(Scorers.regex().pattern("x").build(), 1.0)
        .add("flaky", failing(new IllegalStateException("boom")), 1.0)
        .build();

    assertThatThrownBy(() -> scorer.score(group("prompt-17", "q", "x")))
        .isInstanceOf(ScoringException.class)
        .hasMessageContaining("'flaky'").hasMessageContaining("'broken'")
        .hasMessageContaining("'prompt-17'").hasMessageContaining("boom")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPartReturningTheWrongCountFails() {
    Scorer short1 = new Scorer() {
      @Override
      public String name() {
        return "short";
      }

      @Override
      public List<Score> score(CandidateGroup group) {
        return List.of(Score.of(1.0));
      }
    };
    WeightedScorer scorer = Scorers.weighted().add(short1, 1.0).build();
    assertThatThrownBy(() -> scorer.score(group("p9", "q", "a", "b")))
        .isInstanceOf(ScoringException.class).hasMessageContaining("returned 1 scores")
        .hasMessageContaining("2 candidates").hasMessageContaining("'p9'");
  }

  @Test
  void builderRejectsDuplicateLabelsAndBadWeights() {
    Scorer regex = Scorers.regex().pattern("a").build();
    assertThatThrownBy(() -> Scorers.weighted().add(regex, 1).add(regex, 1))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'regex'")
        .hasMessageContaining("twice");
    assertThat(Scorers.weighted().add(regex, 1).add("again", regex, 1).build().parts())
        .extracting(WeightedScorer.Part::label).containsExactly("regex", "again");
    assertThatThrownBy(() -> Scorers.weighted().add(regex, -1))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> Scorers.weighted().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no parts");
  }

  /** The example in the {@link Scorers} Javadoc, kept compiling and running. */
  @Test
  void scorersJavadocExampleRuns() {
    try (H2Database db = SqlDatabase.h2(TestGroups.EMPLOYEES_SQL)) {
      SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
      SqlGroundingScorer grounding =
          Scorers.sqlGrounding().database(db).collectKnownValues(50).build();
      Scorer reward = Scorers.weighted()
          .add(Scorers.sqlConsensus().executor(exec).grounding(grounding).build(), 0.8)
          .add(Scorers.length().tokens().range(5, 80).build(), 0.2)
          .build();

      String good = "SELECT name FROM employees WHERE salary > 7000";
      List<Score> scores = reward.score(group("p", "Who earns more than 7000?", good, good, "no"));
      // "no": consensus 0; 2 tokens is 3 short of 5 with falloff 75, so length 0.96.
      assertThat(values(scores))
          .containsExactly(new double[] {1.0, 1.0, 0.2 * (1 - 3 / 75.0)}, within(1e-12));
    }
  }
}
