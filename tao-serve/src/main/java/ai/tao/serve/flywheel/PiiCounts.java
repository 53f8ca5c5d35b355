package ai.tao.serve.flywheel;

import ai.tao.api.DataInputException;
import java.util.Objects;

/**
 * How many matches of each {@link PiiKind} were replaced. Counts add up with {@link #plus}, so a
 * round's total is the sum over its prompts.
 *
 * @param email e-mail addresses replaced
 * @param phone phone numbers replaced
 * @param card payment card numbers replaced
 * @param secret keys, tokens, passwords and private keys replaced
 * @since 0.5
 */
public record PiiCounts(int email, int phone, int card, int secret) {

  /** Nothing replaced. */
  public static final PiiCounts ZERO = new PiiCounts(0, 0, 0, 0);

  /**
   * @throws DataInputException if a count is negative
   */
  public PiiCounts {
    if (email < 0 || phone < 0 || card < 0 || secret < 0) {
      throw new DataInputException("PII counts must be >= 0, got email " + email + ", phone " + phone + ", card "
          + card + ", secret " + secret);
    }
  }

  /** {@code n} replacements of {@code kind} and none of the others. */
  public static PiiCounts of(PiiKind kind, int n) {
    return ZERO.plus(kind, n);
  }

  /** Replacements of {@code kind}. */
  public int count(PiiKind kind) {
    return switch (Objects.requireNonNull(kind, "kind")) {
      case EMAIL -> email;
      case PHONE -> phone;
      case CARD -> card;
      case SECRET -> secret;
    };
  }

  /** Replacements of every kind together. */
  public int total() {
    return email + phone + card + secret;
  }

  /** These counts and {@code other}'s, kind by kind. */
  public PiiCounts plus(PiiCounts other) {
    Objects.requireNonNull(other, "other");
    return new PiiCounts(email + other.email, phone + other.phone, card + other.card, secret + other.secret);
  }

  /** These counts with {@code n} more of {@code kind}. */
  public PiiCounts plus(PiiKind kind, int n) {
    return switch (Objects.requireNonNull(kind, "kind")) {
      case EMAIL -> new PiiCounts(email + n, phone, card, secret);
      case PHONE -> new PiiCounts(email, phone + n, card, secret);
      case CARD -> new PiiCounts(email, phone, card + n, secret);
      case SECRET -> new PiiCounts(email, phone, card, secret + n);
    };
  }
}
