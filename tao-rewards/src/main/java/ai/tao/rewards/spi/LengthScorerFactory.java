package ai.tao.rewards.spi;

import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.LengthScorer;
import java.util.Set;

/**
 * Creates the {@code length} scorer ({@link LengthScorer}).
 *
 * <p>Options: {@code max} (required), {@code min} (default 0), {@code unit=chars|tokens} (default
 * chars), {@code falloff} (default max - min, at least 1).
 *
 * @since 0.1
 */
public final class LengthScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "length";
  }

  @Override
  public String description() {
    return "1 inside [min, max] chars or tokens, linear falloff outside. Options: max, min, unit,"
        + " falloff";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Set.of("min", "max", "unit", "falloff"));
    LengthScorer.Builder b = LengthScorer.builder()
        .unit(Options.enumValue(name(), options, "unit", LengthScorer.Unit.class,
            LengthScorer.Unit.CHARS))
        .min(options.intValue("min", 0));
    if (options.has("max")) {
      b.max(options.intValue("max", 0));
    }
    if (options.has("falloff")) {
      b.falloff(options.intValue("falloff", 0));
    }
    return b.build();
  }
}
