package ai.tao.rewards.spi;

import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.JsonValidScorer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Creates the {@code json-valid} scorer ({@link JsonValidScorer}).
 *
 * <p>Options: {@code extraction=whole|fenced|first-block|auto} (default whole), {@code
 * requiredKeys=a,b} (default none), {@code allowScalars=true|false} (default false).
 *
 * @since 0.1
 */
public final class JsonValidScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "json-valid";
  }

  @Override
  public String description() {
    return "1 if the completion is a JSON object or array. Options: extraction, requiredKeys,"
        + " allowScalars";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Set.of("extraction", "requiredKeys", "allowScalars"));
    return JsonValidScorer.builder()
        .extraction(Options.enumValue(name(), options, "extraction",
            JsonValidScorer.Extraction.class, JsonValidScorer.Extraction.WHOLE))
        .requiredKeys(new LinkedHashSet<>(Options.list(options, "requiredKeys")))
        .allowScalars(options.bool("allowScalars", false))
        .build();
  }
}
