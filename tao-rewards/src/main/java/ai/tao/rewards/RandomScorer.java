package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The random-reward control: the {@code random} scorer. Each candidate earns 1 with probability
 * {@code p} (default 0.5) and 0 otherwise, drawn from a hash of the seed, the prompt and the
 * candidate's text: a reward that carries no information about the task.
 *
 * <p>Run it with the same budget as a real reward. GRPO's clipping and the KL term can move a model
 * with no signal at all (Shao et al., 2025, "Spurious Rewards"), so a gain is the reward's only as
 * far as it exceeds this control's.
 *
 * <p>The draw is a function of (seed, prompt id, prompt text, candidate text), not of the order of
 * the group or of the time: a rerun gives the same rewards, and the same text in one group gets the
 * same reward twice.
 *
 * @since 0.1
 */
public final class RandomScorer implements Scorer {
  private final long seed;
  private final double probability;

  private RandomScorer(long seed, double probability) {
    this.seed = seed;
    this.probability = probability;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "random";
  }

  /** The probability of a reward of 1. */
  public double probability() {
    return probability;
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    String prompt = group.prompt().id() + '\u0000' + group.prompt().textOpt().orElse("") + '\u0000';
    List<Score> scores = new ArrayList<>(group.size());
    for (Completion c : group.candidates()) {
      double u = new SplittableRandom(seed ^ fnv1a(prompt + c.text())).nextDouble();
      scores.add(u < probability ? Score.of(1.0) : Score.zero("random draw above " + probability));
    }
    return scores;
  }

  /** 64-bit FNV-1a of {@code text}'s UTF-8 bytes: 64 bits where {@code String.hashCode} has 32. */
  private static long fnv1a(String text) {
    long x = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      x = (x ^ (b & 0xff)) * 0x100000001b3L;
    }
    return x;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RandomScorer[seed=%d, p=%s]", seed, probability);
  }

  /**
   * Builder for {@link RandomScorer}.
   *
   * @since 0.1
   */
  public static final class Builder {
    private long seed;
    private double probability = 0.5;

    private Builder() {}

    /** Seed of the draws; default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Probability of a reward of 1, in (0, 1); default 0.5. */
    public Builder probability(double p) {
      if (!(p > 0.0 && p < 1.0)) {
        throw new ConfigurationException("random scorer probability must be in (0, 1), got " + p
            + ": at 0 or 1 every candidate scores the same and GRPO learns nothing");
      }
      this.probability = p;
      return this;
    }

    public RandomScorer build() {
      return new RandomScorer(seed, probability);
    }
  }
}
