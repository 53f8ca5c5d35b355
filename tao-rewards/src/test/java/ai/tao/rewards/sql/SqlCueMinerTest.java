package ai.tao.rewards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cue words are learned from labeled pairs: only words that always come with their aggregate, in several kinds of query. */
class SqlCueMinerTest {
  static final String F = " FROM emp WHERE dept='x'";
  static final String G = " FROM emp WHERE city='y' AND age>30";

  static final List<SqlCueMiner.Example> DOCS = List.of(
      new SqlCueMiner.Example("What is the tally of staff in x?", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("Give the tally of the x team.", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("Report the tally of y staff over 30.", "SELECT COUNT(*)" + G),
      new SqlCueMiner.Example("The roster size of x (a quick count).", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("Roster size of x?", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("x roster size", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("List the staff of x.", "SELECT name" + F),
      new SqlCueMiner.Example("Show the x team.", "SELECT name" + F),
      new SqlCueMiner.Example("Report the pay of x.", "SELECT salary" + F),
      new SqlCueMiner.Example("The mean pay of x?", "SELECT AVG(salary)" + F),
      new SqlCueMiner.Example("Mean pay for x, please.", "SELECT AVG(salary)" + F),
      new SqlCueMiner.Example("y mean pay over 30", "SELECT AVG(salary)" + G));

  @Test
  void learnsWordsThatNeverComeWithoutTheirAggregateInSeveralKindsOfQuery() {
    SqlCueMiner.Learned l = SqlCueMiner.defaults().learn(DOCS);
    // "tally": 3 questions, each a COUNT, two kinds of query. "roster" and "size": COUNT only, but one kind
    // of query, so perhaps that sentence's words; "staff", "team", "report" also come without a COUNT;
    // "of" and "the" are function words.
    assertThat(l.words().get(SqlCue.Aggregate.COUNT)).containsExactly("tally");
    // "pay" appears with AVG 3 times out of 4: not a cue at precision 1.
    assertThat(l.words().get(SqlCue.Aggregate.AVG)).containsExactly("mean");
    assertThat(l.words().get(SqlCue.Aggregate.SUM)).isEmpty();
    SqlCue count = l.cues().get(SqlCue.Aggregate.COUNT.ordinal());
    assertThat(count.violation("tally for y", "SELECT name FROM emp")).isPresent();
    assertThat(count.violation("tally for y", "SELECT COUNT(*) FROM emp")).isEmpty();
    // "roster" and "size" only permit a COUNT: not demanded, but no longer an unasked aggregate
    assertThat(l.permitting().get(SqlCue.Aggregate.COUNT)).contains("roster", "size");
    assertThat(count.violation("roster size of y", "SELECT name FROM emp")).isEmpty();
    assertThat(count.violation("roster size of y", "SELECT COUNT(*) FROM emp")).isEmpty();
    assertThat(count.violation("names in y", "SELECT COUNT(*) FROM emp")).isPresent();
    // and a learned word permits its aggregate, which the English words alone would not
    assertThat(SqlCue.englishAggregates().get(SqlCue.Aggregate.COUNT.ordinal())
        .violation("tally for y", "SELECT COUNT(*) FROM emp")).isPresent();
  }

  @Test
  void oneKindOfQueryIsEnoughWhenAskedFor() {
    SqlCueMiner.Learned l = new SqlCueMiner(3, 1.0, 1).learn(DOCS);
    assertThat(l.words().get(SqlCue.Aggregate.COUNT)).contains("tally", "roster", "size").doesNotContain("of", "the");
    assertThat(new SqlCueMiner(2, 0.75, 1).learn(DOCS).words().get(SqlCue.Aggregate.AVG)).contains("mean", "pay");
  }

  @Test
  void theKindOfAQueryIgnoresItsLiterals() {
    assertThat(SqlCueMiner.shape("SELECT COUNT(*) FROM emp WHERE dept='x' AND age>30"))
        .isEqualTo(SqlCueMiner.shape("select count(*)  from emp where dept='it''s' and age>45.5"));
    assertThat(SqlCueMiner.shape("SELECT COUNT(*)" + F)).isNotEqualTo(SqlCueMiner.shape("SELECT COUNT(*)" + G));
  }

  @Test
  void badSettingsAndNoDataAreRefused() {
    assertThatThrownBy(() -> new SqlCueMiner(0, 1, 1)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new SqlCueMiner(1, 0, 1)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new SqlCueMiner(1, 1, 0)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> SqlCueMiner.defaults().learn(List.of())).isInstanceOf(DataInputException.class);
  }
}
