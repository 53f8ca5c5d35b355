package ai.tao.core.reward;

import ai.tao.api.ConfigurationException;
import ai.tao.core.train.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of reward-model training. Build with {@link ai.tao.core.train.Trainers#rewardModel()};
 * every default is stated on its builder field.
 *
 * @param learningRate AdamW step size
 * @param schedule the learning rate of each step, as a factor of {@code learningRate}, over the
 *     {@code epochs} passes planned (an early stop ends it sooner)
 * @param weightDecay AdamW decoupled weight decay on matrices
 * @param maxGradNorm global gradient-norm clip (≤ 0 disables)
 * @param batchSize preference pairs per optimizer step (two sequences each)
 * @param epochs most passes over the training pairs
 * @param loss the Bradley–Terry loss with its margin and centring coefficient
 * @param shuffleSeed seed of the pair order (each pass is reshuffled)
 * @param evalEvery optimizer steps between validations; 0 validates once per epoch
 * @param patience validations in a row without a lower validation loss before training stops (0: never)
 * @param minDelta smallest drop of the validation loss that counts as an improvement
 * @since 0.3
 */
public record RewardConfig(double learningRate, LearningRateSchedule schedule, double weightDecay, double maxGradNorm, int batchSize, int epochs,
    BradleyTerryLoss loss, long shuffleSeed, int evalEvery, int patience, double minDelta) {

  /** @throws ConfigurationException naming the bad value */
  public RewardConfig {
    java.util.Objects.requireNonNull(loss, "loss");
    java.util.Objects.requireNonNull(schedule, "schedule");
    if (!(learningRate > 0) || Double.isInfinite(learningRate) || !(weightDecay >= 0)) {
      throw new ConfigurationException("reward-model learningRate must be > 0 and weightDecay >= 0, got "
          + learningRate + " and " + weightDecay);
    }
    if (batchSize <= 0 || epochs <= 0) {
      throw new ConfigurationException("reward-model batchSize and epochs must be > 0, got " + batchSize + " and "
          + epochs);
    }
    if (evalEvery < 0 || patience < 0 || !(minDelta >= 0)) {
      throw new ConfigurationException("reward-model evalEvery, patience and minDelta must be >= 0, got "
          + evalEvery + ", " + patience + ", " + minDelta);
    }
  }

  /** A trainer for {@code model} with these settings; the model stays the caller's. */
  public RewardTrainer trainer(RewardModel model) {
    return new RewardTrainer(model, this);
  }

  /** The settings as a flat map, for logs. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("learningRate", learningRate);
    m.put("schedule", schedule.toString());
    m.put("weightDecay", weightDecay);
    m.put("maxGradNorm", maxGradNorm);
    m.put("batchSize", batchSize);
    m.put("epochs", epochs);
    m.put("margin", loss.margin());
    m.put("centerCoefficient", loss.centerCoefficient());
    m.put("shuffleSeed", shuffleSeed);
    m.put("evalEvery", evalEvery);
    m.put("patience", patience);
    m.put("minDelta", minDelta);
    return m;
  }

  public Builder toBuilder() {
    return new Builder().learningRate(learningRate).schedule(schedule).weightDecay(weightDecay).maxGradNorm(maxGradNorm)
        .batchSize(batchSize).epochs(epochs).margin(loss.margin()).centerCoefficient(loss.centerCoefficient())
        .shuffleSeed(shuffleSeed).evalEvery(evalEvery).patience(patience).minDelta(minDelta);
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder {
    /** AdamW step size. Default 1e-4: a new head on a pretrained backbone, a few epochs. */
    private double learningRate = 1e-4;
    /** Default constant. */
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    /** Default 0. */
    private double weightDecay = 0;
    /** Default 1.0, as TRL. */
    private double maxGradNorm = 1.0;
    /** Pairs per step. Default 16. */
    private int batchSize = 16;
    /** Most passes over the pairs. Default 3 (reward models overfit fast; TRL's default is 1). */
    private int epochs = 3;
    /** Default 0. */
    private double margin = 0;
    /** Default 0 (off, TRL's default); 0.01 is TRL's suggestion. */
    private double centerCoefficient = 0;
    /** Default 0. */
    private long shuffleSeed = 0;
    /** Default 0: validate after every epoch. */
    private int evalEvery = 0;
    /** Default 2 validations. */
    private int patience = 2;
    /** Default 1e-3. */
    private double minDelta = 1e-3;

    public Builder() {}

    public Builder learningRate(double v) {
      this.learningRate = v;
      return this;
    }

    public Builder schedule(LearningRateSchedule v) {
      this.schedule = java.util.Objects.requireNonNull(v, "schedule");
      return this;
    }

    public Builder weightDecay(double v) {
      this.weightDecay = v;
      return this;
    }

    public Builder maxGradNorm(double v) {
      this.maxGradNorm = v;
      return this;
    }

    public Builder batchSize(int v) {
      this.batchSize = v;
      return this;
    }

    public Builder epochs(int v) {
      this.epochs = v;
      return this;
    }

    public Builder margin(double v) {
      this.margin = v;
      return this;
    }

    public Builder centerCoefficient(double v) {
      this.centerCoefficient = v;
      return this;
    }

    public Builder shuffleSeed(long v) {
      this.shuffleSeed = v;
      return this;
    }

    public Builder evalEvery(int v) {
      this.evalEvery = v;
      return this;
    }

    public Builder patience(int v) {
      this.patience = v;
      return this;
    }

    public Builder minDelta(double v) {
      this.minDelta = v;
      return this;
    }

    public RewardConfig build() {
      return new RewardConfig(learningRate, schedule, weightDecay, maxGradNorm, batchSize, epochs,
          new BradleyTerryLoss(margin, centerCoefficient), shuffleSeed, evalEvery, patience, minDelta);
    }

    /** Builds and makes a trainer for {@code model}. */
    public RewardTrainer trainer(RewardModel model) {
      return build().trainer(model);
    }
  }
}
