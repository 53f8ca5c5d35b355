package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.core.reward.RewardModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores candidates with a trained {@link RewardModel}: the {@code reward-model} scorer. One
 * batched forward per group, without gradients.
 *
 * <p>Value: the raw reward, or with {@link Normalization#GROUP} the reward standardised within the
 * group ({@code (r − mean) / std}; 0 for every candidate when the group's rewards are all equal).
 * Component {@code raw} always holds the raw reward. A candidate whose prompt + response is longer
 * than the model reads is not applicable, with a reason naming the lengths.
 *
 * <p>Thread-safe: groups are scored one at a time.
 *
 * @since 0.3
 */
public final class RewardModelScorer implements Scorer {

  /** How the value is derived from the reward model's raw reward. */
  public enum Normalization {
    /** The raw reward. */
    RAW,
    /** Standardised within the group: order and spread as GRPO sees them, comparable across prompts. */
    GROUP
  }

  private final RewardModel model;
  private final boolean owned;
  private final Normalization normalization;
  private boolean closed;

  private RewardModelScorer(RewardModel model, boolean owned, Normalization normalization) {
    this.model = model;
    this.owned = owned;
    this.normalization = normalization;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "reward-model";
  }

  public Normalization normalization() {
    return normalization;
  }

  @Override
  public synchronized List<Score> score(CandidateGroup group) {
    if (closed) {
      throw new ConfigurationException("reward-model scorer is closed");
    }
    List<int[]> fit = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    Score[] out = new Score[group.size()];
    for (int i = 0; i < group.size(); i++) {
      int[] seq = model.encode(group.prompt(), group.candidate(i).text());
      if (seq.length > model.maxTokens()) {
        out[i] = Score.notApplicable("prompt + candidate are " + seq.length + " tokens; the reward model reads at most "
            + model.maxTokens());
      } else {
        fit.add(seq);
        index.add(i);
      }
    }
    if (!fit.isEmpty()) {
      double[] r = model.rewards(fit);
      double mean = 0;
      for (double x : r) {
        mean += x / r.length;
      }
      double var = 0;
      for (double x : r) {
        var += (x - mean) * (x - mean) / r.length;
      }
      double std = Math.sqrt(var);
      for (int k = 0; k < r.length; k++) {
        double value = switch (normalization) {
          case RAW -> r[k];
          case GROUP -> std > 1e-8 ? (r[k] - mean) / std : 0.0;
        };
        out[index.get(k)] = Score.of(value, Map.of("raw", r[k]));
      }
    }
    return List.of(out);
  }

  /** Closes the reward model if this scorer loaded it; a model passed in stays the caller's. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (owned) {
        model.close();
      }
    }
  }

  @Override
  public String toString() {
    return "RewardModelScorer[" + model + ", " + normalization.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }

  /** Builder for {@link RewardModelScorer}: a model folder or a loaded model, and the normalisation. */
  public static final class Builder {
    private Path path;
    private RewardModel model;
    /** Default {@link Normalization#RAW}: GRPO normalises per group anyway; GROUP matters inside a weighted sum. */
    private Normalization normalization = Normalization.RAW;

    private Builder() {}

    /** A reward-model folder to load (the scorer owns and closes the model). */
    public Builder path(Path path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** A loaded model (it stays the caller's to close). */
    public Builder model(RewardModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder normalization(Normalization normalization) {
      this.normalization = Objects.requireNonNull(normalization, "normalization");
      return this;
    }

    /** @throws ConfigurationException unless exactly one of path and model is set */
    public RewardModelScorer build() {
      if ((path == null) == (model == null)) {
        throw new ConfigurationException("reward-model scorer needs exactly one of path (a model folder) and model"
            + " (a loaded RewardModel), got " + (path == null ? "neither" : "both"));
      }
      return model != null ? new RewardModelScorer(model, false, normalization)
          : new RewardModelScorer(RewardModel.load(path), true, normalization);
    }
  }
}
