package ai.tao.spark;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import java.util.List;

/** Scorers for the failure tests, found by SPI name on the executors like any plugin. */
final class TestScorers {
  private TestScorers() {}

  /** {@code test-fails-on}: scores 1 everywhere, but throws on the prompt whose id is option {@code id}. */
  public static final class FailsOn implements ScorerFactory {
    @Override
    public String name() {
      return "test-fails-on";
    }

    @Override
    public Scorer create(ScorerOptions options) {
      String id = options.string("id", "");
      return new Scorer() {
        @Override
        public String name() {
          return "test-fails-on";
        }

        @Override
        public List<Score> score(CandidateGroup group) {
          if (group.prompt().id().equals(id)) {
            throw new IllegalStateException("boom on purpose");
          }
          return group.candidates().stream().map(c -> Score.of(1.0)).toList();
        }
      };
    }
  }

  /** {@code test-sleeps}: sleeps option {@code ms} per group, then scores each candidate by its length. */
  public static final class Sleeps implements ScorerFactory {
    @Override
    public String name() {
      return "test-sleeps";
    }

    @Override
    public Scorer create(ScorerOptions options) {
      long ms = options.intValue("ms", 0);
      return new Scorer() {
        @Override
        public String name() {
          return "test-sleeps";
        }

        @Override
        public List<Score> score(CandidateGroup group) {
          try {
            Thread.sleep(ms);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
          return group.candidates().stream().map(c -> Score.of(c.text().length())).toList();
        }
      };
    }
  }
}
