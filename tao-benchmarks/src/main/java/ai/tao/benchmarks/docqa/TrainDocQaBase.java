package ai.tao.benchmarks.docqa;

import ai.tao.benchmarks.demo.DemoModel;
import ai.tao.benchmarks.demo.TrainBase;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains the DocQA base model from scratch on the documentation labels, to convergence, with the
 * library's SFT, with {@link TrainBase#train} as for SQL: the same model ({@link
 * DemoModel#config()}), batches of 32 from shuffled passes over {@code docTrain}, validation every
 * 150 steps by greedy pass@1 on the first 200 {@code docExtra} questions, stopping once five
 * validations in a row add less than 1 point, keeping the best validated weights. Nothing of the
 * production questions is read. The committed checkpoint lives in
 * src/main/resources/ai/tao/benchmarks/docqa/base.
 *
 * <p>Usage: {@code TrainDocQaBase [OUT_DIR [maxSteps [INIT_DIR]]]}: with INIT_DIR, training continues
 * from that checkpoint instead of a fresh model. maxSteps defaults to 1200 (a cap of about 35 minutes
 * on two shared cores).
 */
public final class TrainDocQaBase {
  /**
   * Validations without a 1-point gain before stopping. 5, not the SQL base's 3: reading figures is
   * learnt after a plateau of several hundred steps at a few percent, which 3 would stop in.
   */
  static final int PATIENCE = 5;
  /** Documentation questions the base is validated on; none of them is trained on. */
  static final int VALIDATION = 200;

  private TrainDocQaBase() {}

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0] : "tao-benchmarks/src/main/resources/ai/tao/benchmarks/docqa/base");
    int maxSteps = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
    DocQaDataset data = DocQaDataset.generate(DocQaConfig.DATA_SEED);
    System.out.println(data.summary());
    List<LabeledExample> train = DocQaDataset.sftExamples(data.docTrain());
    Evaluation validation = DocQaModels.evaluation(data.docExtra().subList(0, VALIDATION));
    if (args.length > 2) {
      try (DecoderPolicy init = DecoderPolicy.load(Path.of(args[2]))) {
        System.out.println("continuing from " + args[2]);
        TrainBase.train(init, train, validation, maxSteps, PATIENCE, out);
      }
    } else {
      TrainBase.train("docqa-fresh", train, validation, maxSteps, PATIENCE, out);
    }
  }
}
