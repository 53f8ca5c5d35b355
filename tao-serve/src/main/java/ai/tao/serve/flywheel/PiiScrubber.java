package ai.tao.serve.flywheel;

import ai.tao.api.ChatMessage;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces personal and secret data in served traffic by typed placeholders before it is kept to
 * tune on: e-mail addresses by {@code <EMAIL>}, phone numbers by {@code <PHONE>}, payment card
 * numbers by {@code <CARD>}, keys and tokens by {@code <SECRET>} (see {@link PiiKind}).
 *
 * <pre>{@code
 * Scrubbed s = PiiScrubber.standard().scrub("mail jo@example.com or call +44 20 7946 0958");
 * s.text();            // "mail <EMAIL> or call <PHONE>"
 * s.counts().phone();  // 1
 * }</pre>
 *
 * <p><b>What is matched.</b> The rules lean towards leaving ordinary text alone, since the prompts
 * that remain are training data:
 *
 * <ul>
 *   <li>{@link PiiKind#EMAIL}: {@code local@domain.tld}. Not {@code a@b} (no top-level domain), not
 *       written-out forms such as {@code jo at example dot com}, not {@code LIKE '%@gmail.com'}.
 *   <li>{@link PiiKind#PHONE}: a {@code +} and 8 to 16 digits in groups ({@code +1 (415) 555-2671});
 *       North American numbers with separators ({@code 415-555-2671}, {@code (415) 555 2671}); and
 *       national numbers with a trunk 0 and separators, 9 to 12 digits ({@code 020 7946 0958},
 *       {@code 06 12 34 56 78}). Never a year, an amount ({@code 1,250,000}, {@code 85000}), a date
 *       or an unbroken digit run without {@code +}: those are as likely ids and quantities.
 *   <li>{@link PiiKind#CARD}: 13 to 19 digits, optionally grouped by spaces or dashes, that start
 *       with an issuer's digit (2 to 6) and pass the Luhn check; a random digit run of that length
 *       passes only one time in twenty or so.
 *   <li>{@link PiiKind#SECRET}: PEM private keys; {@code Bearer} tokens; keys of known formats
 *       ({@code sk-…}, {@code sk_live_…}, {@code ghp_…}, {@code github_pat_…}, {@code AKIA…},
 *       {@code xoxb-…}, {@code AIza…}, JWTs); the value of {@code password=}, {@code api_key:},
 *       {@code token=} and the like when it mixes letters and digits; hex strings of 32 or more
 *       characters (keys, and also digests such as git commit ids); and tokens of 32 or more
 *       characters that look random (letters and digits that change class at 40% of their
 *       characters or more), which long identifiers such as {@code customer_lifetime_value_2023}
 *       do not.
 * </ul>
 *
 * Secrets are replaced first, then e-mail addresses, card numbers and phone numbers, so that a
 * digit run inside a key is not counted as a phone. Immutable and thread-safe.
 *
 * @since 0.5
 */
public final class PiiScrubber {
  private final Set<PiiKind> kinds;
  private final List<PiiRules.Rule> rules;

  private PiiScrubber(Builder b) {
    this.kinds = Set.copyOf(b.kinds);
    this.rules = PiiRules.RULES.stream().filter(r -> kinds.contains(r.kind())).toList();
  }

  /** A scrubber of every {@link PiiKind}. */
  public static PiiScrubber standard() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The kinds this scrubber replaces. */
  public Set<PiiKind> kinds() {
    return EnumSet.copyOf(kinds);
  }

  /** {@code text} with every match replaced, and how many of each kind there were. */
  public Scrubbed scrub(String text) {
    Objects.requireNonNull(text, "text");
    int[] counts = new int[PiiKind.values().length];
    String out = text;
    for (PiiRules.Rule rule : rules) {
      out = rule.apply(out, () -> counts[rule.kind().ordinal()]++);
    }
    PiiCounts total = PiiCounts.ZERO;
    for (PiiKind kind : PiiKind.values()) {
      total = total.plus(kind, counts[kind.ordinal()]);
    }
    return new Scrubbed(out, total);
  }

  /** {@code prompt} with its text, or each message's content, scrubbed; id and metadata unchanged. */
  public ScrubbedPrompt scrub(Prompt prompt) {
    Objects.requireNonNull(prompt, "prompt");
    if (!prompt.isChat()) {
      Scrubbed s = scrub(prompt.text());
      return new ScrubbedPrompt(new Prompt(prompt.id(), s.text(), List.of(), prompt.metadata()), s.counts());
    }
    PiiCounts counts = PiiCounts.ZERO;
    List<ChatMessage> messages = new ArrayList<>(prompt.messages().size());
    for (ChatMessage m : prompt.messages()) {
      Scrubbed s = scrub(m.content());
      messages.add(new ChatMessage(m.role(), s.text()));
      counts = counts.plus(s.counts());
    }
    return new ScrubbedPrompt(new Prompt(prompt.id(), null, messages, prompt.metadata()), counts);
  }

  /**
   * Which kinds a {@link PiiScrubber} replaces.
   *
   * @since 0.5
   */
  public static final class Builder {
    /** The kinds replaced. Default every {@link PiiKind}: leave one out only for data known to be free of it. */
    private Set<PiiKind> kinds = EnumSet.allOf(PiiKind.class);

    private Builder() {}

    public Builder kinds(Set<PiiKind> kinds) {
      Objects.requireNonNull(kinds, "kinds");
      this.kinds = kinds.isEmpty() ? EnumSet.noneOf(PiiKind.class) : EnumSet.copyOf(kinds);
      return this;
    }

    /**
     * @throws ConfigurationException if no kind is left
     */
    public PiiScrubber build() {
      if (kinds.isEmpty()) {
        throw new ConfigurationException("PII scrubber kinds is empty: give at least one of "
            + EnumSet.allOf(PiiKind.class) + ", or do not scrub at all");
      }
      return new PiiScrubber(this);
    }
  }
}
