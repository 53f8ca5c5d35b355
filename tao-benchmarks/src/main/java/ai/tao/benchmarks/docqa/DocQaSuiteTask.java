package ai.tao.benchmarks.docqa;

import ai.tao.api.Generator;
import ai.tao.api.Grader;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.DemoRuns;
import ai.tao.benchmarks.suite.SuiteTask;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Document QA as the suite runs it: {@link DocQaDemo}'s base, data, rewards and baselines, with the
 * held-out set cut to the suite's size. The reward-model variants join when a trained reward model
 * is given.
 */
public final class DocQaSuiteTask implements SuiteTask {
  private final DocQaDataset data = DocQaDataset.generate(DocQaConfig.DATA_SEED);
  private final List<DocQaTask> heldout;
  private final Evaluation eval;
  private final Path rewardModel;
  private final Grader grader = DocQaGrader.create();
  private final Map<String, DocQaTask> trainGold;
  private final List<LabeledExample> production;

  /** @param rewardModel a trained reward model's folder, or {@code null} to leave its variants out */
  public DocQaSuiteTask(int heldoutSize, Path rewardModel) {
    heldout = data.prodHeldout().subList(0, Math.min(heldoutSize, data.prodHeldout().size()));
    eval = DocQaModels.evaluation(heldout);
    this.rewardModel = rewardModel;
    trainGold = data.prodTrain().stream().collect(Collectors.toMap(DocQaTask::id, Function.identity()));
    production = SuiteTask.fixedOrder(DocQaDataset.sftExamples(data.prodOracle()));
  }

  @Override
  public String name() {
    return "docqa";
  }

  @Override
  public String title() {
    return "Document QA";
  }

  @Override
  public List<String> parts() {
    return List.of(name());
  }

  @Override
  public String grading(String part) {
    return "the answer's number against the gold figure";
  }

  @Override
  public int heldout(String part) {
    return heldout.size();
  }

  @Override
  public DecoderPolicy base(Path scratch) {
    return DocQaModels.loadBase(scratch);
  }

  @Override
  public Map<String, Double> passAt1(DecoderPolicy policy) {
    return Map.of(name(), eval.passAt1(policy).value());
  }

  @Override
  public Map<String, Double> majorityAtN(DecoderPolicy policy, DemoOptions opt) {
    return Map.of(name(), eval.majorityAtN(policy, DocQaDemo.sampling(opt).toBuilder().seed(1).build()).value());
  }

  @Override
  public List<String> variants() {
    List<String> v = new ArrayList<>(List.of(DocQaScorers.GROUNDING_MAJORITY.label(), DocQaScorers.MAJORITY.label()));
    if (rewardModel != null) {
      v.add(DocQaScorers.REWARD_MODEL.label());
      v.add(DocQaScorers.RM_MAJORITY.label());
    }
    return v;
  }

  @Override
  public Scorer scorer(String variant) {
    return DocQaScorers.ofLabel(variant).create(rewardModel);
  }

  @Override
  public Generator generator(DemoOptions opt) {
    return DemoRuns.generator(DocQaDemo.sampling(opt));
  }

  @Override
  public PromptSource prompts() {
    return PromptSource.of(data.prodTrainPrompts());
  }

  @Override
  public List<String> labelTexts() {
    return DocQaDemo.labels(data);
  }

  @Override
  public List<LabeledExample> docLabels() {
    return DocQaDemo.docLabels(data);
  }

  @Override
  public List<LabeledExample> oracleLabels() {
    return DocQaDataset.sftExamples(data.prodOracle());
  }

  @Override
  public List<LabeledExample> productionLabels(int k) {
    return production.subList(0, Math.min(k, production.size()));
  }

  @Override
  public List<Prompt> speedPrompts() {
    return DocQaDataset.prompts(heldout);
  }

  @Override
  public int maxNewTokens() {
    return DocQaConfig.MAX_ANSWER_TOKENS;
  }

  @Override
  public boolean correct(Prompt prompt, String completion) {
    DocQaTask t = trainGold.get(prompt.id());
    return t != null && grader.correct(prompt, completion, t.answerText());
  }
}
