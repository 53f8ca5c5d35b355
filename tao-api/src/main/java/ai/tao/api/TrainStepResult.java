package ai.tao.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one {@link Trainer#step} did: typed fields for what the loop and its guards read, and a map
 * for a trainer's own extras.
 *
 * <p>Values may be NaN or infinite where a step diverged, so a diverging step is reported rather
 * than hidden. A skipped step made no update; its numeric fields are NaN or empty.
 *
 * @param skip why the step made no update; empty for a step that ran
 * @param loss the objective the step minimised (NaN when skipped)
 * @param kl mean per-token KL divergence to the reference model, when the trainer measures it
 * @param entropy mean per-token entropy of the policy on the trained tokens, when measured
 * @param clipFraction fraction of trained tokens whose importance ratio was clipped, when the
 *     objective clips
 * @param gradNorm global gradient norm before clipping (NaN when skipped)
 * @param sequences sequences trained on
 * @param tokens completion tokens that got a loss
 * @param seconds wall time of the step
 * @param extras other named values, in the order the trainer reports them
 * @since 0.1
 */
public record TrainStepResult(Optional<Skip> skip, double loss, OptionalDouble kl, OptionalDouble entropy,
    OptionalDouble clipFraction, double gradNorm, int sequences, int tokens, double seconds,
    Map<String, Double> extras) {

  /** Why a step was skipped. */
  public enum SkipReason {
    /** Every advantage of the batch is zero: the candidates of each rollout scored alike (or none was judged). */
    NO_SIGNAL,
    /** Every candidate that carries signal has no token to train (empty, or masked as truncated). */
    NO_TOKENS,
    /** The trainer's own reason; see the message. */
    OTHER
  }

  /**
   * A skipped step's reason and what it means.
   *
   * @param reason the kind of skip
   * @param message what happened, for a person; never blank
   */
  public record Skip(SkipReason reason, String message) {
    public Skip {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      if (message.isBlank()) {
        throw new ConfigurationException("a skipped train step needs a message saying why");
      }
    }
  }

  /**
   * @throws ConfigurationException if a count or the duration is negative
   */
  public TrainStepResult {
    Objects.requireNonNull(skip, "skip");
    Objects.requireNonNull(kl, "kl");
    Objects.requireNonNull(entropy, "entropy");
    Objects.requireNonNull(clipFraction, "clipFraction");
    extras = Copies.orderedMap(extras, "extras");
    if (sequences < 0 || tokens < 0 || !(seconds >= 0)) {
      throw new ConfigurationException("a train step needs sequences, tokens and seconds >= 0, got " + sequences
          + ", " + tokens + ", " + seconds);
    }
  }

  /** Whether the step made no update. */
  public boolean skipped() {
    return skip.isPresent();
  }

  /** A step that made no update. */
  public static TrainStepResult skipped(SkipReason reason, String message, double seconds, Map<String, Double> extras) {
    return new TrainStepResult(Optional.of(new Skip(reason, message)), Double.NaN, OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), Double.NaN, 0, 0, seconds, extras);
  }

  /** Starts a step that ran. */
  public static Builder ran() {
    return new Builder();
  }

  /** Every value under a stable name, extras last: for metric files and logs. Absent values are left out. */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("skipped", skipped() ? 1.0 : 0.0);
    if (!skipped()) {
      m.put("loss", loss);
      kl.ifPresent(v -> m.put("kl", v));
      entropy.ifPresent(v -> m.put("entropy", v));
      clipFraction.ifPresent(v -> m.put("clip_fraction", v));
      m.put("grad_norm", gradNorm);
      m.put("sequences", (double) sequences);
      m.put("response_tokens", (double) tokens);
    }
    m.put("train_seconds", seconds);
    m.putAll(extras);
    return m;
  }

  /**
   * Builder of a step that ran.
   *
   * @since 0.2
   */
  public static final class Builder {
    private double loss = Double.NaN;
    private OptionalDouble kl = OptionalDouble.empty();
    private OptionalDouble entropy = OptionalDouble.empty();
    private OptionalDouble clipFraction = OptionalDouble.empty();
    private double gradNorm = Double.NaN;
    private int sequences;
    private int tokens;
    private double seconds;
    private final Map<String, Double> extras = new LinkedHashMap<>();

    private Builder() {}

    public Builder loss(double v) { loss = v; return this; }
    public Builder kl(double v) { kl = OptionalDouble.of(v); return this; }
    public Builder entropy(double v) { entropy = OptionalDouble.of(v); return this; }
    public Builder clipFraction(double v) { clipFraction = OptionalDouble.of(v); return this; }
    public Builder gradNorm(double v) { gradNorm = v; return this; }
    public Builder sequences(int v) { sequences = v; return this; }
    public Builder tokens(int v) { tokens = v; return this; }
    public Builder seconds(double v) { seconds = v; return this; }
    public Builder extra(String name, double v) { extras.put(Objects.requireNonNull(name, "name"), v); return this; }

    public TrainStepResult build() {
      return new TrainStepResult(Optional.empty(), loss, kl, entropy, clipFraction, gradNorm, sequences, tokens,
          seconds, extras);
    }
  }
}
