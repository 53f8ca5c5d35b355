package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.AnswerExtractor;
import ai.tao.rewards.MajorityAgreementScorer;
import java.util.Set;

/**
 * Creates the {@code majority-agreement} scorer ({@link MajorityAgreementScorer}).
 *
 * <p>Options: {@code extractor=last-line|last-number|regex} (default last-line); with regex,
 * {@code pattern} (required) and {@code group} (default 1); {@code minVotes} (default 2); {@code
 * voteShare=true|false} (default false); {@code questionIndependent=true|false} (default false: a
 * majority answer that was also the majority of other recent questions earns 0), with it {@code
 * memory} (prompts remembered, default 64) and {@code sharedAfter} (other questions, default 3).
 *
 * @since 0.1
 */
public final class MajorityAgreementScorerFactory implements ScorerFactory {

  /** How the answer is read from a completion. */
  enum Extractor {
    LAST_LINE,
    LAST_NUMBER,
    REGEX
  }

  @Override
  public String name() {
    return "majority-agreement";
  }

  @Override
  public String description() {
    return "1 if the candidate's answer is the group's most common one. Options: extractor,"
        + " pattern, group, minVotes, voteShare, questionIndependent, memory, sharedAfter";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Set.of("extractor", "pattern", "group", "minVotes", "voteShare",
        "questionIndependent", "memory", "sharedAfter"));
    Extractor kind =
        Options.enumValue(name(), options, "extractor", Extractor.class, Extractor.LAST_LINE);
    if (kind != Extractor.REGEX && (options.has("pattern") || options.has("group"))) {
      throw new ConfigurationException("scorer '" + name() + "' options 'pattern' and 'group'"
          + " need extractor=regex, got extractor=" + Options.kebab(kind));
    }
    boolean questionIndependent = options.bool("questionIndependent", false);
    if (!questionIndependent && (options.has("memory") || options.has("sharedAfter"))) {
      throw new ConfigurationException("scorer '" + name() + "' options 'memory' and 'sharedAfter'"
          + " need questionIndependent=true");
    }
    AnswerExtractor extractor = switch (kind) {
      case LAST_LINE -> AnswerExtractor.lastLine();
      case LAST_NUMBER -> AnswerExtractor.lastNumber();
      case REGEX -> regex(options);
    };
    return MajorityAgreementScorer.builder()
        .extractor(extractor)
        .minVotes(options.intValue("minVotes", 2))
        .voteShare(options.bool("voteShare", false))
        .questionIndependent(questionIndependent)
        .memory(options.intValue("memory", 64))
        .sharedAfter(options.intValue("sharedAfter", 3))
        .build();
  }

  private AnswerExtractor regex(ScorerOptions options) {
    String regex = options.get("pattern").orElseThrow(() -> new ConfigurationException(
        "scorer '" + name() + "' with extractor=regex needs option 'pattern'"));
    try {
      return AnswerExtractor.regex(
          Options.pattern(name(), "pattern", regex), options.intValue("group", 1));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("scorer '" + name() + "': " + e.getMessage(), e);
    }
  }
}
