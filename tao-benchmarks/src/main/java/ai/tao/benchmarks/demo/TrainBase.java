package ai.tao.benchmarks.demo;

import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import ai.tao.core.train.SftProgress;
import ai.tao.core.train.SftResult;
import ai.tao.core.train.SftTrainer;
import ai.tao.core.train.SftValidation;
import ai.tao.core.train.Trainers;
import ai.tao.rewards.sql.SqlResultGrader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the demo's base model from scratch on the documentation labels, to convergence, with the
 * library's SFT: batches of 32 from shuffled passes over {@code docTrain}, validation every 150
 * steps by greedy pass@1 on 200 other documentation questions ({@code docExtra}), stopping once
 * three validations in a row add less than 1 point, and keeping the best validated weights.
 * Nothing of the production questions is read: they are what TAO must learn to answer. Writes the
 * checkpoint to the folder given (the committed one lives in
 * src/main/resources/ai/tao/benchmarks/demo/base).
 *
 * <p>Usage: {@code TrainBase OUT_DIR [maxSteps]}
 */
public final class TrainBase {
  /** Labeled sequences per step. */
  static final int BATCH = 32;
  static final int EVAL_EVERY = 150;
  static final double LR = 1e-3;
  /** Documentation questions the base is validated on; none of them is trained on. */
  static final int VALIDATION = 200;

  private TrainBase() {}

  /**
   * Trains a fresh {@link DemoModel} named {@code name} on {@code train} as described above, validating
   * by greedy pass@1 of {@code validation}, stopping after {@code patience} validations without a
   * 1-point gain (or at {@code maxSteps}), and saves the best validated weights to {@code out}.
   * Shared by the demos' base trainers.
   */
  public static SftResult train(String name, List<LabeledExample> train, Evaluation validation, int maxSteps,
      int patience, Path out) {
    try (DecoderPolicy policy = DemoModel.fresh(name, 1)) {
      return train(policy, train, validation, maxSteps, patience, out);
    }
  }

  /**
   * As {@link #train(String, List, Evaluation, int, int, Path)}, continuing from {@code policy}'s
   * weights (a checkpoint to train further); the optimizer and the shuffle start afresh.
   */
  public static SftResult train(DecoderPolicy policy, List<LabeledExample> train, Evaluation validation,
      int maxSteps, int patience, Path out) {
    return train(policy, train, p -> validation.passAt1(p).value(), maxSteps, patience, out);
  }

  /** As above, validated by {@code validation}'s value of the policy (a mean over tasks, say). */
  public static SftResult train(DecoderPolicy policy, List<LabeledExample> train,
      java.util.function.ToDoubleFunction<DecoderPolicy> validation, int maxSteps, int patience, Path out) {
    try (SftTrainer sft = Trainers.sft().learningRate(LR).batchSize(BATCH).microBatch(BATCH).steps(maxSteps)
            .shuffleSeed(1).evalEvery(EVAL_EVERY).patience(patience).minDelta(0.01).trainer(policy)) {
      System.out.printf(Locale.ROOT, "parameters: %d%n", policy.model().weights().parameterCount());
      SftResult r = sft.fit(train, SftValidation.of("doc_pass@1", p -> validation.applyAsDouble(policy)),
          SftProgress.console(System.out, 50));
      System.out.printf(Locale.ROOT, "%s after %d steps; keeping step %d (documentation pass@1 %.3f)%n",
          r.stoppedEarly() ? "converged" : "stopped at maxSteps", r.steps(), r.bestStep(),
          r.bestValidation().orElse(Double.NaN));
      policy.save(out);
      System.out.println("saved " + out);
      return r;
    }
  }

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0] : "tao-benchmarks/src/main/resources/ai/tao/benchmarks/demo/base");
    int maxSteps = args.length > 1 ? Integer.parseInt(args[1]) : 4500;
    SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
    System.out.println(data.summary());
    try (SqlResultGrader grader = SqlResultGrader.h2(data.schema().script())) {
      train("sql-fresh", SqlDataset.sftExamples(data.docTrain()),
          SqlDemo.evaluation(data.docExtra().subList(0, VALIDATION), grader), maxSteps, 3, out);
    }
  }
}
