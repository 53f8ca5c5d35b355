package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.tao.api.DataInputException;
import ai.tao.api.TrainablePolicy.WeightsSnapshot;
import ai.tao.api.TrainingException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.FusedLmHead;
import ai.tao.core.model.TokenRows;
import ai.tao.core.policy.DecoderPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Supervised fine-tuning: next-token cross-entropy on response tokens (the prompt gets no loss), the
 * response followed by the tokenizer's EOS so the model learns to stop. Trains base models and the
 * labeled baselines TAO is compared with. Build with {@link Trainers#sft()}.
 *
 * <p>{@link #fit} runs the whole schedule: shuffled passes over the data (reshuffled each pass,
 * batches drawn across pass boundaries), the learning-rate schedule, validation every {@code
 * evalEvery} steps with early stopping after {@code patience} validations without improvement, and
 * the best validated weights restored at the end. {@link #step} is one optimizer step, for custom
 * loops.
 *
 * @since 0.1
 */
public final class SftTrainer implements AutoCloseable {
  private final DecoderPolicy policy;
  private final SftConfig config;
  private final AdamW optimizer;
  private final int eos;

  SftTrainer(DecoderPolicy policy, SftConfig config) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.config = Objects.requireNonNull(config, "config");
    TrainingMemory.check(policy.model(), "SFT");
    this.optimizer = new AdamW(policy.model().trainable(), config.learningRate(), 0.9, 0.999, 1e-8,
        config.weightDecay(), config.maxGradNorm());
    OptionalInt e = policy.tokenizer().eosIds().stream().mapToInt(Integer::intValue).min();
    this.eos = e.orElse(-1);
  }

  public DecoderPolicy policy() {
    return policy;
  }

  public SftConfig config() {
    return config;
  }

  /** Prompt and response tokens (response ends with EOS when the tokenizer has one). */
  public TrainSequence sequence(LabeledExample ex) {
    int[] prompt = policy.encode(ex.prompt());
    int[] resp = policy.tokenizer().encode(ex.response(), false);
    if (eos >= 0) {
      resp = Arrays.copyOf(resp, resp.length + 1);
      resp[resp.length - 1] = eos;
    }
    return TrainSequence.supervised(prompt, resp);
  }

  /**
   * Trains on {@code train} as the config says, without validation: the last step's weights stay.
   *
   * @throws DataInputException if {@code train} is empty
   */
  public SftResult fit(List<LabeledExample> train) {
    return fit(train, null, p -> { });
  }

  /**
   * Trains on {@code train} as the config says, validating every {@code evalEvery} steps (and at
   * the end) on {@code validation}; stops early and restores the best weights as the config says.
   *
   * @param validation what to validate on, or null for none
   * @param progress called after every step
   * @throws DataInputException if {@code train} is empty
   */
  public SftResult fit(List<LabeledExample> train, SftValidation validation, Consumer<SftProgress> progress) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(progress, "progress");
    if (train.isEmpty()) {
      throw new DataInputException("SFT needs at least one labeled example, got none");
    }
    long total = config.steps() > 0 ? config.steps()
        : (long) Math.ceil(config.epochs() * (double) train.size() / config.batchSize());
    long t0 = System.nanoTime();
    List<LabeledExample> order = new ArrayList<>(train);
    Random rnd = new Random(config.shuffleSeed());
    Collections.shuffle(order, rnd);
    int at = 0;
    List<SftResult.Validated> validations = new ArrayList<>();
    double best = Double.NaN;
    long bestStep = 0;
    int sinceBest = 0;
    boolean stoppedEarly = false;
    double lastLoss = Double.NaN;
    long step = 0;
    WeightsSnapshot bestWeights = null;
    try {
      while (step < total) {
        List<LabeledExample> batch = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
          if (at == order.size()) {
            Collections.shuffle(order, rnd);
            at = 0;
          }
          batch.add(order.get(at++));
        }
        optimizer.learningRate(config.learningRate() * config.schedule().factor(step, total));
        lastLoss = step(batch);
        step++;
        OptionalDouble value = OptionalDouble.empty();
        boolean validate = validation != null
            && ((config.evalEvery() > 0 && step % config.evalEvery() == 0) || step == total);
        if (validate) {
          double v = validation.measure(this);
          value = OptionalDouble.of(v);
          validations.add(new SftResult.Validated(step, v));
          double gain = Double.isNaN(best) ? Double.POSITIVE_INFINITY : validation.higherIsBetter() ? v - best : best - v;
          if (gain > config.minDelta() || Double.isNaN(best)) {
            best = v;
            bestStep = step;
            sinceBest = 0;
            if (config.restoreBest()) {
              if (bestWeights != null) {
                bestWeights.close();
              }
              bestWeights = policy.snapshot();
            }
          } else if (config.patience() > 0 && ++sinceBest >= config.patience()) {
            // Patience that runs out on the last planned step stops nothing: the fit was done.
            stoppedEarly = step < total;
          }
        }
        progress.accept(new SftProgress(step, total, lastLoss, optimizer.learningRate(), value,
            (System.nanoTime() - t0) / 1e9));
        if (stoppedEarly) {
          break;
        }
      }
      if (bestWeights != null && bestStep != step) {
        policy.restore(bestWeights);
      }
    } finally {
      if (bestWeights != null) {
        bestWeights.close();
      }
    }
    long kept = bestWeights != null ? bestStep : step;
    return new SftResult(step, total, stoppedEarly, kept,
        Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best), validations, lastLoss);
  }

  /**
   * One optimizer step on a batch at the trainer's current learning rate.
   *
   * @return the mean negative log-likelihood per response token of the batch, before the step
   * @throws TrainingException if the loss or the gradient is not finite (no update is made)
   */
  public double step(List<LabeledExample> batch) {
    List<TrainSequence> seqs = new ArrayList<>(batch.size());
    int tokens = 0;
    for (LabeledExample ex : batch) {
      TrainSequence s = sequence(ex);
      seqs.add(s);
      tokens += s.responseIds().length;
    }
    optimizer.zeroGrad();
    double lossSum = 0;
    NDManager base = policy.model().weights().manager().getParentManager();
    for (int from = 0; from < seqs.size(); from += config.microBatch()) {
      try (NDManager m = base.newSubManager()) {
        PackedBatch pb = PackedBatch.of(seqs.subList(from, Math.min(seqs.size(), from + config.microBatch())), m);
        try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
          NDArray weights = pb.lossMask().reshape(-1).div((float) -tokens); // mean negative log-likelihood
          FusedLmHead.Trained t = TokenLogProbs.train(policy.model(), pb, m, gc,
              (lp, lo, hi) -> lp.mul(TokenRows.range(weights, lo, hi)).sum());
          float v = t.loss().getFloat();
          if (!Float.isFinite(v)) {
            throw new TrainingException("SFT loss is " + v + " at step " + (optimizer.steps() + 1)
                + "; no update was made. Lower the learning rate");
          }
          gc.backward(t.surrogate());
          lossSum += v;
        }
      }
    }
    double norm = optimizer.gradNorm();
    if (!Double.isFinite(norm)) {
      throw new TrainingException("SFT gradient norm is " + norm + " at step " + (optimizer.steps() + 1)
          + "; no update was made. Lower the learning rate");
    }
    optimizer.step(norm);
    optimizer.zeroGrad();
    return lossSum;
  }

  /** Mean negative log-likelihood per response token, without training (for held-out loss). */
  public double loss(List<LabeledExample> examples) {
    if (examples.isEmpty()) {
      throw new DataInputException("no examples to compute a loss on");
    }
    List<TrainSequence> seqs = examples.stream().map(this::sequence).toList();
    int tokens = seqs.stream().mapToInt(s -> s.responseIds().length).sum();
    double nll = 0;
    try (var g = TaoRuntime.noGrad()) {
      NDManager base = policy.model().weights().manager().getParentManager();
      for (int from = 0; from < seqs.size(); from += config.microBatch()) {
        try (NDManager m = base.newSubManager()) {
          PackedBatch pb = PackedBatch.of(seqs.subList(from, Math.min(seqs.size(), from + config.microBatch())), m);
          nll -= TokenLogProbs.of(policy.model(), pb, m).logProbs().mul(pb.lossMask()).sum().getFloat();
        }
      }
    }
    return nll / tokens;
  }

  /** Optimizer steps taken. */
  public long steps() {
    return optimizer.steps();
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
