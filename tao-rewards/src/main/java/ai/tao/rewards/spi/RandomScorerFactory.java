package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.RandomScorer;
import java.util.Set;

/**
 * Creates the {@code random} scorer ({@link RandomScorer}), the random-reward control.
 *
 * <p>Options: {@code seed} (a long, default 0), {@code p} (probability of a reward of 1, default
 * 0.5).
 *
 * @since 0.1
 */
public final class RandomScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "random";
  }

  @Override
  public String description() {
    return "random-reward control: 1 with probability p, else 0, seeded by prompt and text."
        + " Options: seed, p";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Set.of("seed", "p"));
    RandomScorer.Builder b = RandomScorer.builder().probability(options.doubleValue("p", 0.5));
    String seed = options.string("seed", "0").strip();
    try {
      b.seed(Long.parseLong(seed));
    } catch (NumberFormatException e) {
      throw new ConfigurationException("scorer 'random' option 'seed' must be a whole number, got '" + seed + "'", e);
    }
    return b.build();
  }
}
