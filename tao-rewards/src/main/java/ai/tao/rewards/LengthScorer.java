package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rewards completions whose length is inside a target range: the {@code length} scorer.
 *
 * <p>Length is counted in characters of the text or in generated tokens ({@link
 * Completion#length()}, which includes a final end-of-sequence token). Inside {@code [min, max]}
 * the value is 1; outside it falls linearly to 0 over {@code falloff} units: a completion {@code d}
 * units short of {@code min} or past {@code max} scores {@code max(0, 1 - d / falloff)}. A falloff
 * of 0 makes the range a hard step. The {@code length} component holds the measured length.
 *
 * @since 0.1
 */
public final class LengthScorer implements Scorer {

  /** What length is counted in. */
  public enum Unit {
    /** Characters (UTF-16 code units) of the completion text. */
    CHARS,
    /** Generated token ids. */
    TOKENS
  }

  private final Unit unit;
  private final int min;
  private final int max;
  private final int falloff;

  private LengthScorer(Unit unit, int min, int max, int falloff) {
    this.unit = unit;
    this.min = min;
    this.max = max;
    this.falloff = falloff;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().unit(unit).range(min, max).falloff(falloff);
  }

  @Override
  public String name() {
    return "length";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<Score> scores = new ArrayList<>(group.size());
    for (Completion c : group.candidates()) {
      int length = unit == Unit.CHARS ? c.text().length() : c.length();
      scores.add(scoreLength(length));
    }
    return scores;
  }

  private Score scoreLength(int length) {
    int distance = length < min ? min - length : Math.max(0, length - max);
    double value;
    if (distance == 0) {
      value = 1.0;
    } else if (falloff == 0) {
      value = 0.0;
    } else {
      value = Math.max(0.0, 1.0 - (double) distance / falloff);
    }
    String unitName = unit.name().toLowerCase();
    String reason = distance == 0 ? ""
        : length + " " + unitName + (length < min ? " is below min " + min : " is above max " + max);
    return new Score(value, Map.of("length", (double) length), true, reason);
  }

  @Override
  public String toString() {
    return "LengthScorer[unit=" + unit + ", min=" + min + ", max=" + max + ", falloff=" + falloff
        + "]";
  }

  /**
   * Builder for {@link LengthScorer}; {@link #max} has no default and must be set.
   *
   * @since 0.1
   */
  public static final class Builder {
    /** Unit of min, max and falloff. Default {@link Unit#CHARS}: independent of the tokenizer. */
    private Unit unit = Unit.CHARS;

    /** Shortest length that scores 1. Default 0. */
    private int min = 0;

    /** Longest length that scores 1. No default: {@link #build()} fails if it is unset. */
    private Integer max;

    /**
     * Units outside the range over which the value falls from 1 to 0. Default: the range's own
     * width {@code max - min} (at least 1), so a completion one range-width outside scores 0.
     */
    private Integer falloff;

    private Builder() {}

    public Builder unit(Unit unit) {
      this.unit = Objects.requireNonNull(unit, "unit");
      return this;
    }

    public Builder chars() {
      return unit(Unit.CHARS);
    }

    public Builder tokens() {
      return unit(Unit.TOKENS);
    }

    public Builder min(int min) {
      this.min = min;
      return this;
    }

    public Builder max(int max) {
      this.max = max;
      return this;
    }

    /** Sets both ends of the target range, inclusive. */
    public Builder range(int min, int max) {
      return min(min).max(max);
    }

    public Builder falloff(int falloff) {
      this.falloff = falloff;
      return this;
    }

    /**
     * @throws ConfigurationException if max is unset, min is negative, {@code min > max} or {@code falloff < 0}
     */
    public LengthScorer build() {
      if (max == null) {
        throw new ConfigurationException("length scorer needs max (the longest length scoring 1)");
      }
      if (min < 0) {
        throw new ConfigurationException("length scorer min must be >= 0, got " + min);
      }
      if (min > max) {
        throw new ConfigurationException(
            "length scorer min " + min + " is greater than max " + max);
      }
      int width = falloff != null ? falloff : Math.max(1, max - min);
      if (width < 0) {
        throw new ConfigurationException(
            "length scorer falloff must be >= 0 (0 is a hard step), got " + width);
      }
      return new LengthScorer(unit, min, max, width);
    }
  }
}
