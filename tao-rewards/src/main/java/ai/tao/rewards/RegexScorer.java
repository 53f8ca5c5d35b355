package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rewards completions that match named regular-expression rules: the {@code regex} scorer.
 *
 * <p>One scorer covers both "the answer matches this pattern" and "the output has this format":
 * a format is a list of named required rules ({@code answer-tag}, {@code no-apology}, ...). The
 * value is the weight of the rules that match divided by the weight of all rules, so one rule
 * gives 1 or 0 and several rules give partial credit. Each rule's 1/0 is a component under its
 * name; the reason lists the rules that failed. Flags go inline in the pattern ({@code (?i)},
 * {@code (?s)}).
 *
 * <pre>{@code
 * Scorer format = RegexScorer.builder()
 *     .rule("answer-tag", "<answer>.*</answer>")
 *     .rule("one-line", "[^\\n]*", RegexScorer.Match.FULL, 0.5)
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class RegexScorer implements Scorer {

  /** How a rule's pattern must match the completion text. */
  public enum Match {
    /** Somewhere in the text ({@link java.util.regex.Matcher#find()}). */
    FIND,
    /** The whole text ({@link java.util.regex.Matcher#matches()}). */
    FULL
  }

  /**
   * One named pattern.
   *
   * @param name component name; non-blank and unique within a scorer
   * @param pattern the compiled pattern
   * @param match find anywhere or match the whole text
   * @param weight share of the value this rule carries; finite and {@code > 0}
   */
  public record Rule(String name, Pattern pattern, Match match, double weight) {

    /**
     * @throws ConfigurationException if the name is blank or the weight is not finite and positive
     */
    public Rule {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(match, "match");
      if (name.isBlank()) {
        throw new ConfigurationException("regex rule name must not be blank");
      }
      if (!(weight > 0.0) || Double.isInfinite(weight)) {
        throw new ConfigurationException(
            "regex rule '" + name + "' weight must be finite and > 0, got " + weight);
      }
    }

    boolean matches(String text) {
      var m = pattern.matcher(text);
      return match == Match.FULL ? m.matches() : m.find();
    }
  }

  private final List<Rule> rules;
  private final double totalWeight;

  private RegexScorer(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    double total = 0.0;
    for (Rule r : rules) {
      total += r.weight();
    }
    this.totalWeight = total;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    rules.forEach(b::rule);
    return b;
  }

  /** The rules, in the order they were added. */
  public List<Rule> rules() {
    return rules;
  }

  @Override
  public String name() {
    return "regex";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<Score> scores = new ArrayList<>(group.size());
    for (Completion c : group.candidates()) {
      scores.add(scoreOne(c.text()));
    }
    return scores;
  }

  private Score scoreOne(String text) {
    Map<String, Double> components = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    double matched = 0.0;
    for (Rule r : rules) {
      boolean ok = r.matches(text);
      components.put(r.name(), ok ? 1.0 : 0.0);
      if (ok) {
        matched += r.weight();
      } else {
        failed.add(r.name());
      }
    }
    String reason = failed.isEmpty() ? "" : "no match for rule(s) " + String.join(", ", failed);
    return new Score(matched / totalWeight, components, true, reason);
  }

  @Override
  public String toString() {
    return "RegexScorer" + rules;
  }

  /**
   * Builder for {@link RegexScorer}. No default rules: {@link #build()} needs at least one.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a rule; names must be unique. */
    public Builder rule(Rule rule) {
      Objects.requireNonNull(rule, "rule");
      if (rules.putIfAbsent(rule.name(), rule) != null) {
        throw new ConfigurationException("regex rule '" + rule.name() + "' is added twice");
      }
      return this;
    }

    /**
     * Adds a rule from pattern text.
     *
     * @throws ConfigurationException naming the rule if the pattern does not compile
     */
    public Builder rule(String name, String regex, Match match, double weight) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(regex, "regex");
      try {
        return rule(new Rule(name, Pattern.compile(regex), match, weight));
      } catch (PatternSyntaxException e) {
        throw new ConfigurationException(
            "regex rule '" + name + "' pattern does not compile: " + e.getMessage(), e);
      }
    }

    /** Adds a rule that must be found somewhere in the text, with weight 1. */
    public Builder rule(String name, String regex) {
      return rule(name, regex, Match.FIND, 1.0);
    }

    /** Adds the single rule named {@code pattern} that must be found somewhere in the text. */
    public Builder pattern(String regex) {
      return rule("pattern", regex);
    }

    /**
     * @throws ConfigurationException if no rule was added
     */
    public RegexScorer build() {
      if (rules.isEmpty()) {
        throw new ConfigurationException(
            "regex scorer has no rules: add one with pattern(...) or rule(name, regex)");
      }
      return new RegexScorer(new ArrayList<>(rules.values()));
    }
  }
}
