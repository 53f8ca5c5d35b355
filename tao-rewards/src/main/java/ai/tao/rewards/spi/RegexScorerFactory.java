package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.RegexScorer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@code regex} scorer ({@link RegexScorer}).
 *
 * <p>Options: {@code pattern=<regex>} for a single rule named {@code pattern}, and/or any number of
 * {@code rule.<name>=<regex>}; per rule {@code weight.<name>} (default 1) and {@code
 * match.<name>=find|full}; {@code match=find|full} sets the default for all rules (default find).
 * Example: {@code rule.tag=<answer>.*</answer>, rule.short=(?s).{0,200}, match.short=full}.
 *
 * @since 0.1
 */
public final class RegexScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "regex";
  }

  @Override
  public String description() {
    return "named regex rules must match; value = matched weight / total weight."
        + " Options: pattern | rule.<name>, weight.<name>, match[.<name>]=find|full";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    Map<String, String> rules = new LinkedHashMap<>();
    options.get("pattern").ifPresent(p -> rules.put("pattern", p));
    for (Map.Entry<String, String> e : options.values().entrySet()) {
      if (e.getKey().startsWith("rule.")) {
        String ruleName = e.getKey().substring("rule.".length());
        if (rules.putIfAbsent(ruleName, e.getValue()) != null) {
          throw new ConfigurationException(
              "scorer 'regex' rule '" + ruleName + "' is given by both 'pattern' and 'rule.pattern'");
        }
      }
    }
    Set<String> known = new HashSet<>(Set.of("pattern", "match"));
    for (String rule : rules.keySet()) {
      known.add("rule." + rule);
      known.add("weight." + rule);
      known.add("match." + rule);
    }
    options.requireOnly(name(), known);
    RegexScorer.Match defaultMatch =
        Options.enumValue(name(), options, "match", RegexScorer.Match.class, RegexScorer.Match.FIND);
    RegexScorer.Builder b = RegexScorer.builder();
    rules.forEach((rule, regex) -> b.rule(rule, regex,
        Options.enumValue(name(), options, "match." + rule, RegexScorer.Match.class, defaultMatch),
        options.doubleValue("weight." + rule, 1.0)));
    return b.build();
  }
}
