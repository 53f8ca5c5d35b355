package ai.tao.api;

import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Factories for the registry tests. {@link Alpha} and {@link Beta} are listed in the test
 * classpath's services file; {@link AlphaImpostor} is not, so the default test classpath has no
 * duplicate names: only tests that build their own class loader see it.
 */
public final class TestScorerFactories {
  private TestScorerFactories() {}

  /** Scores each candidate by its text length times option {@code scale}. */
  public static final class Alpha implements ScorerFactory {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public Scorer create(ScorerOptions options) {
      options.requireOnly(name(), Set.of("scale"));
      double scale = options.doubleValue("scale", 1.0);
      return new Scorer() {
        @Override
        public String name() {
          return "alpha";
        }

        @Override
        public List<Score> score(CandidateGroup group) {
          List<Score> scores = new ArrayList<>();
          for (Completion c : group.candidates()) {
            scores.add(Score.of(scale * c.text().length()));
          }
          return scores;
        }
      };
    }

    @Override
    public String description() {
      return "text length times scale";
    }
  }

  /** Fails when created, to test how the registry reports a broken plugin. */
  public static final class Beta implements ScorerFactory {
    @Override
    public String name() {
      return "beta";
    }

    @Override
    public Scorer create(ScorerOptions options) {
      throw new IllegalStateException("beta is broken");
    }
  }

  /** Claims the name "alpha" too; only visible through a test-made class loader. */
  public static final class AlphaImpostor implements ScorerFactory {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public Scorer create(ScorerOptions options) {
      throw new AssertionError("never created");
    }
  }
}
