package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.GatedScorer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the {@code gated} scorer ({@link GatedScorer}) from two registered scorers.
 *
 * <p>Options: {@code gate} and {@code then} (required: scorer names), {@code threshold} (default 1);
 * each part's own options prefixed with {@code gate.} or {@code then.}: {@code gate=regex,
 * gate.pattern=^\d+$, then=majority-agreement}.
 *
 * @since 0.1
 */
public final class GatedScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "gated";
  }

  @Override
  public String description() {
    return "a gate scorer that must reach threshold before another scorer counts. Options: gate, then,"
        + " threshold; gate.<option>, then.<option>";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    for (String key : List.of("gate", "then")) {
      if (options.get(key).map(String::isBlank).orElse(true)) {
        throw new ConfigurationException("scorer 'gated' needs option '" + key + "' (a scorer name), as in"
            + " gate=regex, gate.pattern=^\\d+$, then=majority-agreement");
      }
    }
    Set<String> known = new HashSet<>(Set.of("gate", "then", "threshold"));
    PartScorers made = new PartScorers(name(), options, List.of("gate", "then"), known);
    options.requireOnly(name(), known);
    try {
      return GatedScorer.builder()
          .gate(made.create("gate", options.get("gate").orElseThrow().strip()))
          .then(made.create("then", options.get("then").orElseThrow().strip()))
          .threshold(options.doubleValue("threshold", 1.0))
          .build();
    } catch (RuntimeException e) {
      throw made.closeAfter(e);
    }
  }
}
