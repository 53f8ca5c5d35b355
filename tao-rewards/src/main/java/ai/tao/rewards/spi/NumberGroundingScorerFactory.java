package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.AnswerExtractor;
import ai.tao.rewards.NumberGroundingScorer;
import java.util.Set;

/**
 * Creates the {@code number-grounding} scorer ({@link NumberGroundingScorer}).
 *
 * <p>Options: {@code pattern} (a regex; the answer is group {@code group} of its last match,
 * default group 1; default: the whole completion), {@code requireNumber=true|false} (default true:
 * an answer without a number scores 0; false: not applicable).
 *
 * @since 0.3
 */
public final class NumberGroundingScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "number-grounding";
  }

  @Override
  public String description() {
    return "1 if every number of the answer is in the prompt or one +, -, *, / or percentage of two of its"
        + " numbers. Options: pattern, group, requireNumber";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Set.of("pattern", "group", "requireNumber"));
    NumberGroundingScorer.Builder b =
        NumberGroundingScorer.builder().requireNumber(options.bool("requireNumber", true));
    if (options.has("pattern")) {
      try {
        b.answer(AnswerExtractor.regex(Options.pattern(name(), "pattern", options.get("pattern").orElseThrow()),
            options.intValue("group", 1)));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("scorer '" + name() + "': " + e.getMessage(), e);
      }
    } else if (options.has("group")) {
      throw new ConfigurationException("scorer '" + name() + "' option 'group' needs option 'pattern'");
    }
    return b.build();
  }
}
