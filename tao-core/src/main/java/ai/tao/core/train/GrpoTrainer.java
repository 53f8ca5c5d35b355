package ai.tao.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Policy;
import ai.tao.api.ScoredGroup;
import ai.tao.api.TrainStepResult;
import ai.tao.api.Trainer;
import ai.tao.api.TrainingException;
import ai.tao.core.model.CausalLm;
import ai.tao.core.policy.DecoderPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Group Relative Policy Optimization (Shao et al. 2024, DeepSeekMath): rewards are compared within
 * each prompt's group of candidates, so no value model is needed.
 *
 * <p>Per step: advantages from the group's rewards; groups whose advantages are all zero are left
 * out (unless {@link GrpoConfig#dropUnanimousGroups()} is off); if every advantage of the batch is
 * zero the step is skipped (and reported so). Otherwise, for {@code epochsPerBatch} passes: micro-batches of
 * sequences, each a forward pass with gradients, the clipped objective against the log-probs
 * recorded at sampling time plus β·KL to a frozen copy of the starting model (the k3 estimator
 * exp(r) − r − 1 with r = logπ_ref − logπ, Schulman 2020), backward (gradients accumulate); then one
 * AdamW update after global-norm clipping. A non-finite loss or gradient norm stops training with a
 * {@link TrainingException} before the weights are touched.
 *
 * @since 0.1
 */
public final class GrpoTrainer implements Trainer, AutoCloseable {
  private final GrpoConfig config;
  private CausalLm model;
  private CausalLm reference;
  private NDManager refManager;
  private AdamW optimizer;
  private long steps;
  private long skipped;

  GrpoTrainer(GrpoConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public GrpoConfig config() {
    return config;
  }

  /** Steps skipped because all advantages were zero. */
  public long skippedSteps() {
    return skipped;
  }

  private void bind(DecoderPolicy policy) {
    if (model == policy.model()) {
      return;
    }
    if (model != null) {
      throw new ConfigurationException("this GrpoTrainer is bound to policy model " + model
          + "; create one trainer per policy");
    }
    model = policy.model();
    optimizer = new AdamW(model.weights(), config.learningRate(), config.beta1(), config.beta2(), 1e-8,
        config.weightDecay(), config.maxGradNorm());
    if (config.klCoefficient() > 0) {
      refManager = model.weights().manager().getParentManager().newSubManager();
      reference = new CausalLm(model.weights().copy(refManager));
    }
  }

  @Override
  public TrainStepResult step(Policy policy, List<ScoredGroup> batch) {
    if (!(policy instanceof DecoderPolicy dp)) {
      throw new ConfigurationException("GrpoTrainer trains a DecoderPolicy, got " + policy.getClass().getName());
    }
    bind(dp);
    long t0 = System.nanoTime();
    List<TrainSequence> seqs = new ArrayList<>();
    int zero = 0;
    int total = 0;
    int dropped = 0;
    for (ScoredGroup g : batch) {
      double[] adv = config.advantages().advantages(g.values());
      CandidateGroup group = g.group();
      if (config.dropUnanimousGroups() && allZero(adv)) {
        total += adv.length;
        zero += adv.length;
        dropped++;
        continue;
      }
      int[] promptIds = dp.encode(group.prompt());
      for (int i = 0; i < adv.length; i++) {
        total++;
        Completion c = group.candidates().get(i);
        if (adv[i] == 0.0) {
          zero++;
        }
        if (c.length() > 0) {
          seqs.add(new TrainSequence(promptIds, c.tokenIds(), c.logProbs(), adv[i]));
        }
      }
    }
    steps++;
    if (zero == total || seqs.isEmpty()) {
      skipped++;
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("advantage_zero_fraction", total == 0 ? 1.0 : zero / (double) total);
      m.put("groups_dropped", (double) dropped);
      m.put("skipped_steps", (double) skipped);
      return new TrainStepResult(m, true, zero == total
          ? "all " + total + " advantages are zero (every group unanimous)"
          : "every candidate with a non-zero advantage is empty");
    }
    Map<String, Double> metrics = train(seqs);
    metrics.put("advantage_zero_fraction", zero / (double) total);
    metrics.put("groups_dropped", (double) dropped);
    metrics.put("skipped_steps", (double) skipped);
    double seconds = (System.nanoTime() - t0) / 1e9;
    metrics.put("train_seconds", seconds);
    metrics.put("train_tokens_per_s", metrics.get("response_tokens") * config.epochsPerBatch() / seconds);
    return TrainStepResult.of(metrics);
  }

  private static boolean allZero(double[] adv) {
    for (double a : adv) {
      if (a != 0.0) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Double> train(List<TrainSequence> seqs) {
    int totalTokens = 0;
    for (TrainSequence s : seqs) {
      totalTokens += s.responseIds().length;
    }
    double lossSum = 0;
    double klSum = 0;
    double clipSum = 0;
    double entropySum = 0;
    double gradNorm = 0;
    NDManager base = model.weights().manager().getParentManager();
    for (int epoch = 0; epoch < config.epochsPerBatch(); epoch++) {
      optimizer.zeroGrad();
      for (int from = 0; from < seqs.size(); from += config.microBatchSequences()) {
        List<TrainSequence> micro = seqs.subList(from, Math.min(seqs.size(), from + config.microBatchSequences()));
        try (NDManager m = base.newSubManager()) {
          PackedBatch pb = PackedBatch.of(micro, m);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray[] parts = GrpoLoss.compute(model, reference, pb, config, seqs.size(), totalTokens, m, true);
            NDArray loss = parts[0];
            NDArray kl = parts[1];
            NDArray lp = parts[2];
            float lossValue = loss.getFloat();
            if (!Float.isFinite(lossValue)) {
              throw new TrainingException("GRPO loss is " + lossValue + " at step " + steps
                  + "; weights left as they were. Lower the learning rate or check the rewards for NaN");
            }
            gc.backward(loss);
            lossSum += lossValue;
            NDArray mask = pb.lossMask();
            if (kl != null) {
              klSum += kl.stopGradient().mul(mask).sum().getFloat();
            }
            clipSum += config.objective().clipped(lp.stopGradient(), pb.oldLogProbs()).mul(mask).sum().getFloat();
            entropySum += parts[3].mul(mask).sum().getFloat();
          }
        }
      }
      gradNorm = optimizer.gradNorm();
      if (!Double.isFinite(gradNorm)) {
        throw new TrainingException("gradient norm is " + gradNorm + " at step " + steps
            + "; weights left as they were. Lower the learning rate");
      }
      optimizer.step(gradNorm);
    }
    optimizer.zeroGrad();
    int passes = config.epochsPerBatch();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", lossSum / passes);
    m.put("kl", klSum / ((double) totalTokens * passes));
    m.put("clip_fraction", clipSum / ((double) totalTokens * passes));
    m.put("entropy", entropySum / ((double) totalTokens * passes));
    m.put("grad_norm", gradNorm);
    m.put("response_tokens", (double) totalTokens);
    m.put("sequences", (double) seqs.size());
    return m;
  }

  @Override
  public void close() {
    if (optimizer != null) {
      optimizer.close();
    }
    if (reference != null) {
      reference.close();
      refManager.close();
    }
  }
}
