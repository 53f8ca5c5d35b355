package ai.tao.core.train;

import ai.tao.api.ConfigurationException;
import ai.tao.core.policy.DecoderPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the GRPO trainer. Build with {@link Trainers#grpo()}.
 *
 * @param learningRate AdamW step size
 * @param klCoefficient β of the KL penalty to the frozen starting model; 0 turns it (and the
 *     reference copy) off
 * @param objective the clipped surrogate and its bounds
 * @param advantages how rewards become advantages
 * @param aggregation how per-token losses are averaged
 * @param epochsPerBatch gradient steps per batch of rollouts (μ in the GRPO paper)
 * @param microBatchSequences sequences per forward/backward pass; gradients accumulate across them
 * @param maxGradNorm global gradient-norm clip (≤ 0 disables)
 * @param weightDecay AdamW decoupled weight decay on matrices
 * @param beta1 AdamW β1
 * @param beta2 AdamW β2
 * @param dropUnanimousGroups leave groups whose candidates all scored the same out of the gradient
 *     pass: their advantages are zero, so they would add only KL and compute (DAPO's dynamic-sampling
 *     filter, Yu et al. 2025); with token-mean aggregation the informative groups then carry the
 *     whole step
 * @param trainOn which prompt the completions are conditioned on; see {@link TrainingPrompt}
 * @param maskTruncated give no loss to completions that hit {@code maxNewTokens} (DAPO's overlong
 *     filtering, Yu et al. 2025): their reward judged an unfinished answer. They still count in
 *     their group's advantages
 * @since 0.1
 */
public record GrpoConfig(double learningRate, double klCoefficient, ClippedObjective objective,
    AdvantageEstimator advantages, LossAggregation aggregation, int epochsPerBatch,
    int microBatchSequences, double maxGradNorm, double weightDecay, double beta1, double beta2,
    boolean dropUnanimousGroups, TrainingPrompt trainOn, boolean maskTruncated) {

  public GrpoConfig {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(advantages, "advantages");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(trainOn, "trainOn");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new ConfigurationException("learningRate must be > 0, got " + learningRate);
    }
    if (!(klCoefficient >= 0)) {
      throw new ConfigurationException("klCoefficient must be >= 0, got " + klCoefficient);
    }
    if (epochsPerBatch <= 0 || microBatchSequences <= 0) {
      throw new ConfigurationException("epochsPerBatch and microBatchSequences must be > 0, got "
          + epochsPerBatch + " and " + microBatchSequences);
    }
    if (!(weightDecay >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new ConfigurationException("need weightDecay >= 0 and betas in [0, 1), got " + weightDecay + ", "
          + beta1 + ", " + beta2);
    }
  }

  /** The settings as a flat map, for the run log. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("learningRate", learningRate);
    m.put("klCoefficient", klCoefficient);
    m.put("clipEpsLow", objective.epsLow());
    m.put("clipEpsHigh", objective.epsHigh());
    m.put("aggregation", aggregation.name());
    m.put("epochsPerBatch", epochsPerBatch);
    m.put("microBatchSequences", microBatchSequences);
    m.put("maxGradNorm", maxGradNorm);
    m.put("weightDecay", weightDecay);
    m.put("beta1", beta1);
    m.put("beta2", beta2);
    m.put("dropUnanimousGroups", dropUnanimousGroups);
    m.put("trainOn", trainOn.name());
    m.put("maskTruncated", maskTruncated);
    m.put("advantages", advantages.toString());
    return m;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.learningRate = learningRate;
    b.klCoefficient = klCoefficient;
    b.clipLow = objective.epsLow();
    b.clipHigh = objective.epsHigh();
    b.advantages = advantages;
    b.aggregation = aggregation;
    b.epochsPerBatch = epochsPerBatch;
    b.microBatchSequences = microBatchSequences;
    b.maxGradNorm = maxGradNorm;
    b.weightDecay = weightDecay;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.dropUnanimousGroups = dropUnanimousGroups;
    b.trainOn = trainOn;
    b.maskTruncated = maskTruncated;
    return b;
  }

  /** Fluent builder; every default is stated on its field. */
  public static final class Builder {
    /** 1e-5: the usual GRPO rate for pretrained models; small models trained here take ~1e-4. */
    private double learningRate = 1e-5;
    /** 0.04 (TRL's and DeepSeek's β): label-free rewards are gamed without a leash to the base model. */
    private double klCoefficient = 0.04;
    /** 0.2, PPO's usual bound. */
    private double clipLow = 0.2;
    /** 0.2; DAPO's clip-higher uses 0.28. */
    private double clipHigh = 0.2;
    /** GRPO's group std normalisation. */
    private AdvantageEstimator advantages = AdvantageEstimator.groupNormalized();
    /** Token mean (DAPO). */
    private LossAggregation aggregation = LossAggregation.TOKEN_MEAN;
    /** 1: one gradient step per batch, fully on-policy. */
    private int epochsPerBatch = 1;
    /** 16 sequences per forward/backward pass. */
    private int microBatchSequences = 16;
    /** 1.0, as TRL. */
    private double maxGradNorm = 1.0;
    /** 0, as TRL. */
    private double weightDecay = 0.0;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    /**
     * true: a unanimous group teaches nothing but costs a forward and backward pass (DAPO). false
     * keeps them in mixed batches for their KL term, as the original GRPO (a batch with no
     * non-zero advantage is skipped either way).
     */
    private boolean dropUnanimousGroups = true;
    /** {@link TrainingPrompt#AS_SAMPLED}: on-policy. */
    private TrainingPrompt trainOn = TrainingPrompt.AS_SAMPLED;
    /**
     * false, as TRL's {@code mask_truncated_completions}: a model that never stops must still learn
     * from its truncated answers. Watch {@code truncated_fraction}; the loop warns when it is high.
     */
    private boolean maskTruncated = false;

    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder klCoefficient(double v) { klCoefficient = v; return this; }
    public Builder clip(double low, double high) { clipLow = low; clipHigh = high; return this; }
    public Builder advantages(AdvantageEstimator v) { advantages = v; return this; }
    public Builder aggregation(LossAggregation v) { aggregation = v; return this; }
    public Builder epochsPerBatch(int v) { epochsPerBatch = v; return this; }
    public Builder microBatchSequences(int v) { microBatchSequences = v; return this; }
    public Builder maxGradNorm(double v) { maxGradNorm = v; return this; }
    public Builder weightDecay(double v) { weightDecay = v; return this; }
    public Builder betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
    public Builder dropUnanimousGroups(boolean v) { dropUnanimousGroups = v; return this; }
    public Builder trainOn(TrainingPrompt v) { trainOn = Objects.requireNonNull(v, "trainOn"); return this; }
    public Builder maskTruncated(boolean v) { maskTruncated = v; return this; }

    public GrpoConfig build() {
      return new GrpoConfig(learningRate, klCoefficient, new ClippedObjective(clipLow, clipHigh), advantages,
          aggregation, epochsPerBatch, microBatchSequences, maxGradNorm, weightDecay, beta1, beta2,
          dropUnanimousGroups, trainOn, maskTruncated);
    }

    /**
     * The trainer for {@code policy}, bound to it: it trains that policy's weights, keeps a frozen
     * copy of them as the KL reference when {@code klCoefficient > 0}, and AdamW state for them.
     * Close it when done. The sampling temperature comes from each rollout, never from here.
     */
    public GrpoTrainer trainer(DecoderPolicy policy) {
      return new GrpoTrainer(policy, build());
    }
  }
}
