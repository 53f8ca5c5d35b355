package ai.tao.benchmarks.multitask;

import ai.tao.benchmarks.demo.DemoModel;
import ai.tao.benchmarks.demo.SqlDemo;
import ai.tao.benchmarks.demo.TrainBase;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.rewards.sql.SqlResultGrader;
import java.nio.file.Path;

/**
 * Trains the multi-task base: one model ({@link DemoModel#config()}) on both tasks' documentation
 * labels ({@link MultiTaskData#docTrainLabels()}), with {@link TrainBase#train} as the single-task
 * bases, validated by the mean of the two tasks' documentation pass@1 (200 docExtra questions
 * each), stopping after five validations without a 1-point gain. Nothing of the production
 * questions is read. The committed checkpoint lives in
 * src/main/resources/ai/tao/benchmarks/multitask/base; it was made by continuing the committed
 * document-QA base (INIT_DIR, itself trained on documentation labels only) for at most 900 steps
 * (docs/results/multitask-demo).
 *
 * <p>Usage: {@code TrainMultiTaskBase [OUT_DIR [maxSteps [INIT_DIR]]]}.
 */
public final class TrainMultiTaskBase {
  static final int PATIENCE = 5;
  static final int VALIDATION = 200;

  private TrainMultiTaskBase() {}

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0]
        : "tao-benchmarks/src/main/resources/ai/tao/benchmarks/multitask/base");
    int maxSteps = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    MultiTaskData data = MultiTaskData.generate();
    try (SqlResultGrader grader = SqlResultGrader.h2(data.sql().schema().script());
        DecoderPolicy policy = args.length > 2 ? DecoderPolicy.load(Path.of(args[2]))
            : DemoModel.fresh("multitask-fresh", 1)) {
      Evaluation sql = SqlDemo.evaluation(data.sql().docExtra().subList(0, VALIDATION), grader);
      Evaluation docqa = ai.tao.benchmarks.docqa.DocQaModels.evaluation(data.docqa().docExtra().subList(0, VALIDATION));
      TrainBase.train(policy, data.docTrainLabels(),
          p -> (sql.passAt1(p).value() + docqa.passAt1(p).value()) / 2, maxSteps, PATIENCE, out);
    }
  }
}
