package ai.tao.benchmarks.demo;

import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlEvaluator;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import ai.tao.core.train.SftTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the demo's base model from scratch on the documentation labels, to convergence: SFT in
 * chunks, greedy pass@1 on held-out production questions after each, stopping once three more
 * chunks add no more than 2 points. Writes the checkpoint to the folder given (the committed one
 * lives in src/main/resources/ai/tao/benchmarks/demo/base).
 *
 * <p>Usage: {@code TrainBase OUT_DIR [maxSteps]}
 */
public final class TrainBase {
  static final int BATCH = 32;
  static final int CHUNK = 150;
  static final double LR = 1e-3;

  private TrainBase() {}

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0] : "tao-benchmarks/src/main/resources/ai/tao/benchmarks/demo/base");
    int maxSteps = args.length > 1 ? Integer.parseInt(args[1]) : 4500;
    SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
    System.out.println(data.summary());
    List<LabeledExample> train = SqlRuns.labeled(data.docTrain());
    long t0 = System.nanoTime();
    try (DecoderPolicy policy = DemoModel.fresh(1);
        SftTrainer sft = new SftTrainer(policy, LR, 1.0, BATCH);
        SqlEvaluator eval = SqlEvaluator.open(data.schema())) {
      System.out.printf(Locale.ROOT, "parameters: %d%n", policy.model().weights().parameterCount());
      double best = -1;
      int sinceBest = 0;
      for (int chunk = 0; chunk * CHUNK < maxSteps; chunk++) {
        SqlRuns.sft(sft, train, CHUNK, BATCH, chunk, s -> { });
        double prod = SqlRuns.passAt1(policy, data.prodHeldout(), eval);
        double doc = SqlRuns.passAt1(policy, data.docExtra().subList(0, 200), eval);
        double loss = sft.evaluate(train.subList(0, 128));
        System.out.printf(Locale.ROOT, "steps %d  train-nll %.4f  doc-heldout %.3f  prod-heldout %.3f  %.0fs%n",
            sft.steps(), loss, doc, prod, (System.nanoTime() - t0) / 1e9);
        if (prod > best + 0.02) {
          best = prod;
          sinceBest = 0;
        } else if (++sinceBest >= 3) {
          System.out.println("converged: 3 chunks without a 2-point gain on held-out production questions");
          break;
        }
      }
      policy.save(out);
      System.out.println("saved " + out);
    }
  }
}
