package ai.tao.core.train;

import ai.tao.api.ConfigurationException;
import ai.tao.core.policy.DecoderPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of supervised fine-tuning. Build with {@link Trainers#sft()}; every default is stated on
 * its builder field.
 *
 * @param learningRate AdamW peak step size
 * @param schedule the learning rate of each step, as a factor of {@code learningRate}
 * @param weightDecay AdamW decoupled weight decay on matrices
 * @param maxGradNorm global gradient-norm clip (≤ 0 disables)
 * @param batchSize examples per optimizer step
 * @param microBatch examples per forward/backward pass; gradients accumulate across them
 * @param epochs passes over the training data, when {@code steps} is 0
 * @param steps optimizer steps; 0 means {@code epochs} passes
 * @param shuffleSeed seed of the order examples are drawn in (each pass is reshuffled)
 * @param evalEvery steps between validations (0: validate only at the end)
 * @param patience validations in a row without improvement before training stops early (0: never)
 * @param minDelta smallest change of the validation value that counts as an improvement
 * @param restoreBest end with the weights of the best validation rather than the last step's
 * @since 0.2
 */
public record SftConfig(double learningRate, LearningRateSchedule schedule, double weightDecay, double maxGradNorm,
    int batchSize, int microBatch, int epochs, int steps, long shuffleSeed, int evalEvery, int patience,
    double minDelta, boolean restoreBest) {

  /**
   * @throws ConfigurationException naming the bad value
   */
  public SftConfig {
    Objects.requireNonNull(schedule, "schedule");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new ConfigurationException("SFT learningRate must be > 0, got " + learningRate);
    }
    if (!(weightDecay >= 0)) {
      throw new ConfigurationException("SFT weightDecay must be >= 0, got " + weightDecay);
    }
    if (batchSize <= 0 || microBatch <= 0) {
      throw new ConfigurationException("SFT batchSize and microBatch must be > 0, got " + batchSize + " and "
          + microBatch);
    }
    if (epochs <= 0 && steps <= 0) {
      throw new ConfigurationException("SFT needs epochs > 0 or steps > 0, got " + epochs + " and " + steps);
    }
    if (steps < 0 || evalEvery < 0 || patience < 0 || !(minDelta >= 0)) {
      throw new ConfigurationException("SFT steps, evalEvery, patience and minDelta must be >= 0, got " + steps
          + ", " + evalEvery + ", " + patience + ", " + minDelta);
    }
  }

  /** The settings as a flat map, for logs. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("learningRate", learningRate);
    m.put("schedule", schedule.toString());
    m.put("weightDecay", weightDecay);
    m.put("maxGradNorm", maxGradNorm);
    m.put("batchSize", batchSize);
    m.put("microBatch", microBatch);
    m.put(steps > 0 ? "steps" : "epochs", steps > 0 ? steps : epochs);
    m.put("shuffleSeed", shuffleSeed);
    m.put("evalEvery", evalEvery);
    m.put("patience", patience);
    m.put("minDelta", minDelta);
    m.put("restoreBest", restoreBest);
    return m;
  }

  public Builder toBuilder() {
    return new Builder().learningRate(learningRate).schedule(schedule).weightDecay(weightDecay)
        .maxGradNorm(maxGradNorm).batchSize(batchSize).microBatch(microBatch).epochs(epochs).steps(steps)
        .shuffleSeed(shuffleSeed).evalEvery(evalEvery).patience(patience).minDelta(minDelta)
        .restoreBest(restoreBest);
  }

  /** Fluent builder; every default is stated on its field. */
  public static final class Builder {
    /** 1e-4: a common rate for fine-tuning small models; pretrained LLMs take ~1e-5. */
    private double learningRate = 1e-4;
    /** Constant. */
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    /** 0, as the demo's base training; 0.01 to 0.1 are common for larger runs. */
    private double weightDecay = 0.0;
    /** 1.0, as TRL. */
    private double maxGradNorm = 1.0;
    /** 32 examples per step. */
    private int batchSize = 32;
    /** 32: the whole batch in one pass; lower it to bound memory. */
    private int microBatch = 32;
    /** 1 pass over the data. */
    private int epochs = 1;
    /** 0: the number of steps follows from {@code epochs}. */
    private int steps = 0;
    /** 0. */
    private long shuffleSeed = 0;
    /** 0: validate only at the end. */
    private int evalEvery = 0;
    /** 0: never stop early. */
    private int patience = 0;
    /** 0: any improvement counts. */
    private double minDelta = 0;
    /** true: a fit ends with its best validated weights. */
    private boolean restoreBest = true;

    Builder() {}

    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder schedule(LearningRateSchedule v) { schedule = Objects.requireNonNull(v, "schedule"); return this; }
    public Builder weightDecay(double v) { weightDecay = v; return this; }
    public Builder maxGradNorm(double v) { maxGradNorm = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder microBatch(int v) { microBatch = v; return this; }
    public Builder epochs(int v) { epochs = v; return this; }
    public Builder steps(int v) { steps = v; return this; }
    public Builder shuffleSeed(long v) { shuffleSeed = v; return this; }
    public Builder evalEvery(int v) { evalEvery = v; return this; }
    public Builder patience(int v) { patience = v; return this; }
    public Builder minDelta(double v) { minDelta = v; return this; }
    public Builder restoreBest(boolean v) { restoreBest = v; return this; }

    public SftConfig build() {
      return new SftConfig(learningRate, schedule, weightDecay, maxGradNorm, batchSize, microBatch, epochs, steps,
          shuffleSeed, evalEvery, patience, minDelta, restoreBest);
    }

    /** The trainer for {@code policy}, bound to it (AdamW state for its weights). Close it. */
    public SftTrainer trainer(DecoderPolicy policy) {
      return new SftTrainer(policy, build());
    }
  }
}
