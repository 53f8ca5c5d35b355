package ai.tao.core.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.TrainablePolicy.WeightsSnapshot;
import ai.tao.api.TrainingException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.train.AdamW;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link RewardModel} on preference pairs with the {@link BradleyTerryLoss}: shuffled
 * passes in batches of pairs (chosen and rejected of a batch in one forward), AdamW with global-norm
 * clipping and the configured learning-rate schedule, validation on held-out pairs every epoch (or every {@code evalEvery} steps), early
 * stopping after {@code patience} validations without the loss falling by {@code minDelta}, and the
 * weights of the lowest validation loss kept.
 *
 * @since 0.3
 */
public final class RewardTrainer implements AutoCloseable {
  private final RewardModel model;
  private final RewardConfig config;
  private final AdamW optimizer;

  RewardTrainer(RewardModel model, RewardConfig config) {
    this.model = model;
    this.config = config;
    this.optimizer = new AdamW(model.weights(), config.learningRate(), 0.9, 0.999, 1e-8, config.weightDecay(),
        config.maxGradNorm());
  }

  public RewardConfig config() {
    return config;
  }

  /**
   * Trains on {@code train}, validating on {@code validation}, and ends with the best validated
   * weights.
   *
   * @param progress told of every validation
   * @throws DataInputException if either list is empty or a pair is longer than the model reads
   * @throws TrainingException if the loss or the gradient is not finite (no update is made)
   */
  public RewardTrainingResult fit(List<PreferencePair> train, List<PreferencePair> validation,
      Consumer<RewardValidation> progress) {
    if (train.isEmpty() || validation.isEmpty()) {
      throw new DataInputException("reward-model training needs training and validation pairs, got "
          + train.size() + " and " + validation.size());
    }
    List<PreferencePair> order = new ArrayList<>(train);
    List<RewardValidation> validations = new ArrayList<>();
    RewardValidation best = null;
    WeightsSnapshot bestWeights = null;
    int sinceBest = 0;
    double reference = Double.POSITIVE_INFINITY; // the loss the last improvement by minDelta reached
    boolean stopped = false;
    double lossSum = 0;
    int lossSteps = 0;
    long planned = (long) config.epochs() * ((train.size() + config.batchSize() - 1) / config.batchSize());
    long first = optimizer.steps();
    try {
      for (int epoch = 1; epoch <= config.epochs() && !stopped; epoch++) {
        Collections.shuffle(order, new Random(config.shuffleSeed() * 31 + epoch));
        for (int from = 0; from < order.size() && !stopped; from += config.batchSize()) {
          optimizer.learningRate(config.learningRate()
              * config.schedule().factor(optimizer.steps() - first, planned));
          lossSum += step(order.subList(from, Math.min(order.size(), from + config.batchSize())));
          lossSteps++;
          boolean endOfEpoch = from + config.batchSize() >= order.size();
          boolean due = config.evalEvery() > 0 ? optimizer.steps() % config.evalEvery() == 0 : endOfEpoch;
          if (!due) {
            continue;
          }
          RewardValidation v = new RewardValidation(optimizer.steps(), epoch, lossSum / lossSteps,
              model.evaluate(validation));
          lossSum = 0;
          lossSteps = 0;
          validations.add(v);
          progress.accept(v);
          double loss = v.heldOut().loss();
          if (best == null || loss < best.heldOut().loss()) {
            best = v;
            if (bestWeights != null) {
              bestWeights.close();
            }
            bestWeights = model.snapshot();
          }
          if (loss < reference - config.minDelta()) {
            reference = loss;
            sinceBest = 0;
          } else if (config.patience() > 0 && ++sinceBest >= config.patience()) {
            stopped = true;
          }
        }
      }
      if (best == null) {
        RewardValidation v = new RewardValidation(optimizer.steps(), config.epochs(),
            lossSteps == 0 ? Double.NaN : lossSum / lossSteps, model.evaluate(validation));
        validations.add(v);
        progress.accept(v);
        best = v;
      } else if (best.step() != optimizer.steps()) {
        model.restore(bestWeights);
      }
    } finally {
      if (bestWeights != null) {
        bestWeights.close();
      }
    }
    return new RewardTrainingResult(optimizer.steps(), stopped, best, validations);
  }

  /**
   * One optimizer step on a batch of pairs.
   *
   * @return the batch's loss before the step
   */
  public double step(List<PreferencePair> batch) {
    int p = batch.size();
    List<int[]> seqs = new ArrayList<>(2 * p);
    float[] margins = new float[p];
    for (int i = 0; i < p; i++) {
      seqs.add(model.encode(Prompt.ofText("pair", batch.get(i).prompt()), batch.get(i).chosen()));
      margins[i] = (float) batch.get(i).margin();
    }
    for (PreferencePair pair : batch) {
      seqs.add(model.encode(Prompt.ofText("pair", pair.prompt()), pair.rejected()));
    }
    optimizer.zeroGrad();
    float value;
    try (NDManager m = model.manager().newSubManager()) {
      try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
        NDArray r = model.forward(seqs, m, true); // (2P): chosen, then rejected
        NDArray loss = config.loss().apply(r.get("0:" + p), r.get(p + ":"), m.create(margins));
        value = loss.getFloat();
        if (!Float.isFinite(value)) {
          throw new TrainingException("reward-model loss is " + value + " at step " + (optimizer.steps() + 1)
              + "; no update was made. Lower the learning rate");
        }
        gc.backward(loss);
      }
    }
    double norm = optimizer.gradNorm();
    if (!Double.isFinite(norm)) {
      throw new TrainingException("reward-model gradient norm is " + norm + " at step " + (optimizer.steps() + 1)
          + "; no update was made. Lower the learning rate");
    }
    optimizer.step(norm);
    optimizer.zeroGrad();
    return value;
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
