package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.FinishReason;
import ai.tao.api.OutputException;
import ai.tao.api.Resumable;
import ai.tao.api.Rollout;
import ai.tao.api.ScoredRollout;
import ai.tao.api.TrainStepResult.SkipReason;
import ai.tao.api.TrainStepResult;
import ai.tao.api.Trainer;
import ai.tao.api.TrainingException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.internal.resume.SettingsCheck;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.policy.DecoderPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Group Relative Policy Optimization (Shao et al. 2024, DeepSeekMath): rewards are compared within
 * each prompt's group of candidates, so no value model is needed.
 *
 * <p>Per step: advantages from each rollout's scores (not-applicable scores left out); rollouts whose
 * advantages are all zero are left out (unless {@link GrpoConfig#dropUnanimousGroups()} is off); if
 * every advantage of the batch is zero the step is skipped and says so. Otherwise, for {@code
 * epochsPerBatch} passes: micro-batches of sequences, each a forward pass with gradients, the
 * clipped objective against the log-probs recorded at sampling time plus β·KL to a frozen copy of
 * the starting model (the k3 estimator exp(r) − r − 1 with r = logπ_ref − logπ, Schulman 2020),
 * backward (gradients accumulate); then one AdamW update after global-norm clipping.
 *
 * <p>Each sequence is trained exactly as it was sampled: on the rollout's prompt tokens, at the
 * rollout's temperature (so a first epoch's importance ratio is 1), unless {@link
 * GrpoConfig#trainOn()} asks for the untemplated prompt. A non-finite loss or gradient norm stops
 * training with a {@link TrainingException} before the update it would have made.
 *
 * <p><b>Resuming.</b> The trainer is {@link Resumable}: its state is the AdamW moments, step count
 * and learning rate, and its own step and skip counters. The KL reference is not saved (it is the
 * policy's weights when the trainer is built, so a resumed run builds it again from the same start);
 * its fingerprint is, and {@link #restoreState} refuses a trainer built from other weights.
 *
 * @since 0.1
 */
public final class GrpoTrainer implements Trainer, Resumable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** File of the optimizer's moments in a state folder. */
  static final String OPTIMIZER_FILE = "optimizer.safetensors";
  /** File of the counters and checks in a state folder. */
  static final String STATE_FILE = "trainer.json";

  private final GrpoConfig config;
  private final DecoderPolicy policy;
  private final CausalLm model;
  private final KlReference reference;
  private final AdamW optimizer;
  private long steps;
  private long skipped;

  GrpoTrainer(DecoderPolicy policy, GrpoConfig config) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.config = Objects.requireNonNull(config, "config");
    this.model = policy.model();
    TrainingMemory.check(model, "GRPO");
    // A LoRA policy trains its adapters only; any other, every weight.
    this.optimizer = new AdamW(model.trainable(), config.learningRate(), config.beta1(), config.beta2(), 1e-8,
        config.weightDecay(), config.maxGradNorm());
    this.reference = config.klCoefficient() > 0 ? KlReference.of(model) : null;
  }

  public GrpoConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "grpo";
  }

  @Override
  public DecoderPolicy policy() {
    return policy;
  }

  @Override
  public boolean reportsKl() {
    return reference != null;
  }

  @Override
  public Map<String, Object> settings() {
    return config.describe();
  }

  /** Resets AdamW (moments and step count): the moments of the undone steps point at the collapse. */
  @Override
  public void rolledBack() {
    optimizer.reset();
  }

  @Override
  public Optional<Resumable> resumable() {
    return Optional.of(this);
  }

  /** Writes {@value #OPTIMIZER_FILE} (AdamW) and {@value #STATE_FILE} (counters, settings, reference fingerprint). */
  @Override
  public void saveState(Path dir) {
    optimizer.save(dir.resolve(OPTIMIZER_FILE));
    ObjectNode n = JSON.createObjectNode();
    n.put("trainer", name());
    n.put("steps", steps);
    n.put("skipped", skipped);
    if (reference != null) {
      n.put("reference", referenceFingerprint());
    } else {
      n.putNull("reference");
    }
    n.set("settings", JSON.valueToTree(config.describe()));
    try {
      Files.write(dir.resolve(STATE_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    } catch (IOException e) {
      throw new OutputException("cannot write the GRPO trainer's state to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * @throws ConfigurationException if the state is of another trainer, other settings, or a KL
   *     reference built from other weights
   */
  @Override
  public void restoreState(Path dir) {
    Path file = dir.resolve(STATE_FILE);
    JsonNode n;
    try {
      n = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new OutputException("cannot read the GRPO trainer's state " + file + ": " + e.getMessage(), e);
    }
    if (!name().equals(n.path("trainer").asText())) {
      throw new ConfigurationException("trainer state " + file + " was written by trainer '"
          + n.path("trainer").asText() + "', not '" + name() + "': resume with the trainer the run was started with");
    }
    JsonNode settings = JSON.valueToTree(config.describe());
    List<String> differ = SettingsCheck.differences(n.path("settings"), settings, "");
    if (!differ.isEmpty()) {
      throw new ConfigurationException("trainer state " + file + " was written with other GRPO settings: "
          + String.join("; ", differ) + ". Resume with the settings the run was started with");
    }
    String saved = n.path("reference").isNull() ? null : n.path("reference").asText();
    String mine = reference == null ? null : referenceFingerprint();
    if (!Objects.equals(saved, mine)) {
      throw new ConfigurationException("the KL reference of this trainer (the policy's weights when it was built,"
          + " fingerprint " + mine + ") is not the one of the run that wrote " + file + " (" + saved + "): build the"
          + " policy and the trainer from the same starting weights as the interrupted run, before resuming");
    }
    optimizer.restore(dir.resolve(OPTIMIZER_FILE));
    steps = n.path("steps").asLong();
    skipped = n.path("skipped").asLong();
  }

  /** Forward passes the KL reference has made (0 without one): one per micro-batch and step, whatever the epochs. */
  int referencePasses() {
    return reference == null ? 0 : reference.passes();
  }

  private String referenceFingerprint() {
    return reference.fingerprint();
  }

  /** Steps skipped because no candidate carried a training signal. */
  public long skippedSteps() {
    return skipped;
  }

  @Override
  public TrainStepResult step(List<ScoredRollout> batch) {
    Objects.requireNonNull(batch, "batch");
    long t0 = System.nanoTime();
    steps++;
    List<TrainSequence> seqs = new ArrayList<>();
    int zero = 0;
    int total = 0;
    int dropped = 0;
    int masked = 0;
    for (ScoredRollout scored : batch) {
      Rollout rollout = scored.rollout();
      double[] adv = config.advantages().advantages(scored.valuesOrNaN(), scored.applicableMask());
      total += adv.length;
      if (config.dropUnanimousGroups() && allZero(adv)) {
        zero += adv.length;
        dropped++;
        continue;
      }
      int[] promptIds = config.trainOn() == TrainingPrompt.AS_SAMPLED
          ? rollout.promptTokenIds() : policy.encode(rollout.prompt());
      for (int i = 0; i < adv.length; i++) {
        Completion c = rollout.completion(i);
        if (adv[i] == 0.0) {
          zero++;
        }
        if (config.maskTruncated() && c.finishReason() == FinishReason.LENGTH) {
          masked++;
        } else if (c.length() > 0) {
          seqs.add(new TrainSequence(promptIds, c.tokenIds(), c.logProbs(), adv[i], rollout.logProbTemperature()));
        }
      }
    }
    Map<String, Double> extras = new LinkedHashMap<>();
    extras.put("advantage_zero_fraction", total == 0 ? 1.0 : zero / (double) total);
    extras.put("groups_dropped", (double) dropped);
    extras.put("truncated_masked", (double) masked);
    boolean noSignal = zero == total;
    if (noSignal || seqs.stream().allMatch(s -> s.advantage() == 0.0)) {
      skipped++;
      extras.put("skipped_steps", (double) skipped);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return noSignal
          ? TrainStepResult.skipped(SkipReason.NO_SIGNAL, "all " + total + " advantages are zero: within every"
              + " rollout the judged candidates scored alike (or fewer than two were judged)", seconds, extras)
          : TrainStepResult.skipped(SkipReason.NO_TOKENS, "no candidate with a non-zero advantage has a token to"
              + " train (empty" + (config.maskTruncated() ? ", or truncated and maskTruncated is on" : "") + ")",
              seconds, extras);
    }
    if (config.trainOn() == TrainingPrompt.ORIGINAL_PROMPT) {
      seqs = currentLogProbs(seqs);
    }
    TrainStepResult.Builder r = train(seqs);
    extras.put("skipped_steps", (double) skipped);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int tokens = seqs.stream().mapToInt(s -> s.responseIds().length).sum();
    extras.put("train_tokens_per_s", tokens * (double) config.epochsPerBatch() / seconds);
    extras.forEach(r::extra);
    return r.seconds(seconds).build();
  }

  private static boolean allZero(double[] adv) {
    for (double a : adv) {
      if (a != 0.0) {
        return false;
      }
    }
    return true;
  }

  /** The sequences with "old" log-probs recomputed under their (re-encoded) prompts, without gradients. */
  private List<TrainSequence> currentLogProbs(List<TrainSequence> seqs) {
    List<TrainSequence> out = new ArrayList<>(seqs.size());
    NDManager base = model.weights().manager().getParentManager();
    try (var g = TaoRuntime.noGrad()) {
      for (int from = 0; from < seqs.size(); from += config.microBatchSequences()) {
        List<TrainSequence> micro = seqs.subList(from, Math.min(seqs.size(), from + config.microBatchSequences()));
        try (NDManager m = base.newSubManager()) {
          PackedBatch pb = PackedBatch.of(micro, m);
          float[] lp = TokenLogProbs.of(model, pb, m).logProbs().toFloatArray();
          int t = (int) pb.targets().getShape().get(1);
          for (int i = 0; i < micro.size(); i++) {
            TrainSequence s = micro.get(i);
            float[] old = new float[s.responseIds().length];
            int first = s.promptIds().length - 1; // input position whose target is response token 0
            for (int k = 0; k < old.length; k++) {
              old[k] = lp[i * t + first + k];
            }
            out.add(s.withOldLogProbs(old));
          }
        }
      }
    }
    return out;
  }

  private TrainStepResult.Builder train(List<TrainSequence> seqs) {
    int totalTokens = 0;
    for (TrainSequence s : seqs) {
      totalTokens += s.responseIds().length;
    }
    double lossSum = 0;
    double klSum = 0;
    double clipSum = 0;
    double entropySum = 0;
    double ratioDeviation = 0;
    double gradNorm = 0;
    NDManager base = model.weights().manager().getParentManager();
    // The reference is frozen: its log-probs of each micro-batch are computed once, on the host between epochs.
    List<float[]> referenceLogProbs = new ArrayList<>();
    for (int epoch = 0; epoch < config.epochsPerBatch(); epoch++) {
      optimizer.zeroGrad();
      for (int from = 0, micros = 0; from < seqs.size(); from += config.microBatchSequences(), micros++) {
        List<TrainSequence> micro = seqs.subList(from, Math.min(seqs.size(), from + config.microBatchSequences()));
        try (NDManager m = base.newSubManager()) {
          PackedBatch pb = PackedBatch.of(micro, m);
          NDArray refLp = null;
          if (reference != null && config.klCoefficient() > 0) {
            if (epoch == 0) {
              refLp = reference.logProbs(pb, m); // (B, T)
              if (config.epochsPerBatch() > 1) {
                referenceLogProbs.add(refLp.toFloatArray());
              }
            } else {
              refLp = m.create(referenceLogProbs.get(micros), pb.targets().getShape());
            }
          }
          try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
            GrpoLoss.Parts parts = GrpoLoss.compute(model, refLp, pb, config, seqs.size(), totalTokens, m, gc);
            float lossValue = parts.loss().getFloat();
            if (!Float.isFinite(lossValue)) {
              throw new TrainingException("GRPO loss is " + lossValue + " at step " + steps + " (epoch "
                  + (epoch + 1) + " of " + config.epochsPerBatch() + "); " + updatesMade(epoch)
                  + ". Lower the learning rate or check the rewards for NaN");
            }
            gc.backward(parts.surrogate());
            lossSum += lossValue;
            NDArray mask = pb.lossMask();
            if (parts.kl() != null) {
              klSum += parts.kl().stopGradient().mul(mask).sum().getFloat();
            }
            clipSum += config.objective().clipped(parts.logProbs().stopGradient(), pb.oldLogProbs()).mul(mask).sum()
                .getFloat();
            entropySum += parts.entropy().mul(mask).sum().getFloat();
            if (epoch == 0) {
              NDArray deviation = parts.logProbs().stopGradient().sub(pb.oldLogProbs()).exp().sub(1f).abs().mul(mask);
              ratioDeviation = Math.max(ratioDeviation, deviation.max().getFloat());
            }
          }
        }
      }
      gradNorm = optimizer.gradNorm();
      if (!Double.isFinite(gradNorm)) {
        throw new TrainingException("gradient norm is " + gradNorm + " at step " + steps + " (epoch " + (epoch + 1)
            + " of " + config.epochsPerBatch() + "); " + updatesMade(epoch) + ". Lower the learning rate");
      }
      optimizer.step(gradNorm);
    }
    optimizer.zeroGrad();
    int passes = config.epochsPerBatch();
    double perToken = (double) totalTokens * passes;
    TrainStepResult.Builder r = TrainStepResult.ran().loss(lossSum / passes).clipFraction(clipSum / perToken)
        .entropy(entropySum / perToken).gradNorm(gradNorm).sequences(seqs.size()).tokens(totalTokens);
    if (reference != null) {
      r.kl(klSum / perToken);
    }
    // How far the first epoch's importance ratio is from 1: ~0 when the rollouts are trained as sampled.
    r.extra("first_epoch_ratio_deviation", ratioDeviation);
    return r;
  }

  /** What a failure in epoch {@code epoch} (0-based) leaves of this step's updates. */
  private static String updatesMade(int epoch) {
    return epoch == 0 ? "this step made no update"
        : "the weights keep the " + epoch + " update(s) this step's earlier epochs made";
  }

  @Override
  public void close() {
    optimizer.close();
    if (reference != null) {
      reference.close();
    }
  }

  @Override
  public String toString() {
    return "GrpoTrainer[" + policy.name() + ", " + config.describe() + "]";
  }
}
