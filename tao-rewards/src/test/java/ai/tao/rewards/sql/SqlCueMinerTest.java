package ai.tao.rewards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cue words are learned from labeled pairs: only words that always come with their aggregate. */
class SqlCueMinerTest {
  static final String F = " FROM emp WHERE dept='x'";

  static final List<SqlCueMiner.Example> DOCS = List.of(
      new SqlCueMiner.Example("What is the tally of staff in x?", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("Give the tally of the x team.", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("Report the tally (#) of x.", "SELECT COUNT(*)" + F),
      new SqlCueMiner.Example("List the staff of x.", "SELECT name" + F),
      new SqlCueMiner.Example("Show the x team.", "SELECT name" + F),
      new SqlCueMiner.Example("Report the pay of x.", "SELECT salary" + F),
      new SqlCueMiner.Example("The mean pay of x?", "SELECT AVG(salary)" + F),
      new SqlCueMiner.Example("Mean pay for x, please.", "SELECT AVG(salary)" + F),
      new SqlCueMiner.Example("x mean pay", "SELECT AVG(salary)" + F));

  @Test
  void learnsWordsThatNeverComeWithoutTheirAggregate() {
    SqlCueMiner.Learned l = SqlCueMiner.defaults().learn(DOCS);
    // "tally" is in 3 questions, each a COUNT; "staff", "team" and "report" also come without one.
    assertThat(l.words().get(SqlCue.Aggregate.COUNT)).containsExactly("tally");
    // "pay" appears with AVG 3 times out of 4: not a cue at precision 1.
    assertThat(l.words().get(SqlCue.Aggregate.AVG)).containsExactly("mean");
    assertThat(l.words().get(SqlCue.Aggregate.SUM)).isEmpty();
    SqlCue count = l.cues().get(SqlCue.Aggregate.COUNT.ordinal());
    assertThat(count.violation("tally for y", "SELECT name FROM emp")).isPresent();
    assertThat(count.violation("tally for y", "SELECT COUNT(*) FROM emp")).isEmpty();
    // and a learned word permits its aggregate, which the English words alone would not
    assertThat(SqlCue.englishAggregates().get(SqlCue.Aggregate.COUNT.ordinal())
        .violation("tally for y", "SELECT COUNT(*) FROM emp")).isPresent();
  }

  @Test
  void lowerPrecisionAndSupportLearnMore() {
    SqlCueMiner.Learned l = new SqlCueMiner(2, 0.75).learn(DOCS);
    assertThat(l.words().get(SqlCue.Aggregate.AVG)).contains("mean", "pay");
  }

  @Test
  void badSettingsAndNoDataAreRefused() {
    assertThatThrownBy(() -> new SqlCueMiner(0, 1)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new SqlCueMiner(1, 0)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> SqlCueMiner.defaults().learn(List.of())).isInstanceOf(DataInputException.class);
  }
}
