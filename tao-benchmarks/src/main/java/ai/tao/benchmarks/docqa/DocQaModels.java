package ai.tao.benchmarks.docqa;

import ai.tao.api.SamplingParams;
import ai.tao.benchmarks.demo.DemoModel;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import java.nio.file.Path;
import java.util.List;

/** The DocQA base checkpoint and the way every DocQA model is evaluated. */
public final class DocQaModels {
  private DocQaModels() {}

  /** Copies the committed DocQA base checkpoint out of the classpath into {@code dir} and loads it. */
  public static DecoderPolicy loadBase(Path dir) {
    return DemoModel.loadBase(DocQaConfig.BASE_RESOURCE, dir, TrainDocQaBase.class.getSimpleName());
  }

  /** Whether the DocQA base checkpoint is on the classpath. */
  public static boolean hasBase() {
    return DemoModel.hasBase(DocQaConfig.BASE_RESOURCE);
  }

  /** Greedy pass@1 and majority@n on {@code tasks}, graded by {@link DocQaGrader}. */
  public static Evaluation evaluation(List<DocQaTask> tasks) {
    return Evaluation.builder().examples(DocQaDataset.evalExamples(tasks)).grader(DocQaGrader.create())
        .maxNewTokens(DocQaConfig.MAX_ANSWER_TOKENS).stopStrings(List.of("\n")).build();
  }

  /** Sampling for majority@n and TAO: {@code n} candidates at {@code temperature} among the top {@code topK}. */
  public static SamplingParams sampling(int n, double temperature, int topK) {
    return SamplingParams.builder().candidatesPerPrompt(n).temperature(temperature).topK(topK)
        .maxNewTokens(DocQaConfig.MAX_ANSWER_TOKENS).stopStrings(List.of("\n")).build();
  }
}
