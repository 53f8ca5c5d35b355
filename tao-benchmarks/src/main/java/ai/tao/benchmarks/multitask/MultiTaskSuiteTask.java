package ai.tao.benchmarks.multitask;

import ai.tao.api.Generator;
import ai.tao.api.Grader;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.DemoConfig;
import ai.tao.benchmarks.demo.DemoModel;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.SqlDemo;
import ai.tao.benchmarks.docqa.DocQaConfig;
import ai.tao.benchmarks.docqa.DocQaDataset;
import ai.tao.benchmarks.docqa.DocQaGrader;
import ai.tao.benchmarks.docqa.DocQaModels;
import ai.tao.benchmarks.docqa.DocQaTask;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.benchmarks.suite.OwningScorer;
import ai.tao.benchmarks.suite.SuiteTask;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlResultGrader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The multi-task mix as the suite runs it: {@link MultiTaskDemo}'s base, one TAO run over both
 * tasks' production prompts with each task's reward through the router, measured per task.
 */
public final class MultiTaskSuiteTask implements SuiteTask {
  /** The router's variant: each task scored by its own reward. */
  public static final String ROUTER = "router";
  private final MultiTaskData data = MultiTaskData.generate();
  private final List<SqlTask> sqlHeldout;
  private final List<DocQaTask> docqaHeldout;
  private final SqlResultGrader sqlGrader;
  private final Grader docqaGrader = DocQaGrader.create();
  private final Evaluation sqlEval;
  private final Evaluation docqaEval;
  private final Map<String, String> sqlGold;
  private final Map<String, String> docqaGold;
  private final List<LabeledExample> sqlProduction;
  private final List<LabeledExample> docqaProduction;

  public MultiTaskSuiteTask(int heldoutSize) {
    sqlHeldout = data.sql().prodHeldout().subList(0, Math.min(heldoutSize, data.sql().prodHeldout().size()));
    docqaHeldout = data.docqa().prodHeldout().subList(0, Math.min(heldoutSize, data.docqa().prodHeldout().size()));
    sqlGrader = SqlResultGrader.h2(data.sql().schema().script());
    sqlEval = SqlDemo.evaluation(sqlHeldout, sqlGrader);
    docqaEval = DocQaModels.evaluation(docqaHeldout);
    sqlGold = data.sql().prodTrain().stream().collect(Collectors.toMap(SqlTask::id, SqlTask::goldSql));
    docqaGold = data.docqa().prodTrain().stream().collect(Collectors.toMap(DocQaTask::id, DocQaTask::answerText));
    sqlProduction = SuiteTask.fixedOrder(SqlDataset.sftExamples(data.sql().prodOracle()));
    docqaProduction = SuiteTask.fixedOrder(DocQaDataset.sftExamples(data.docqa().prodOracle()));
  }

  @Override
  public String name() {
    return "multitask";
  }

  @Override
  public String title() {
    return "Multi-task mix";
  }

  @Override
  public List<String> parts() {
    return List.of(MultiTaskData.SQL, DocQaDataset.TASK);
  }

  @Override
  public String grading(String part) {
    return part.equals(MultiTaskData.SQL) ? "the SQL's result set against the gold query's, executed on H2"
        : "the answer's number against the gold figure";
  }

  @Override
  public int heldout(String part) {
    return part.equals(MultiTaskData.SQL) ? sqlHeldout.size() : docqaHeldout.size();
  }

  @Override
  public DecoderPolicy base(Path scratch) {
    return DemoModel.loadBase(MultiTaskDemo.BASE_RESOURCE, scratch, "TrainMultiTaskBase");
  }

  @Override
  public Map<String, Double> passAt1(DecoderPolicy policy) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(MultiTaskData.SQL, sqlEval.passAt1(policy).value());
    m.put(DocQaDataset.TASK, docqaEval.passAt1(policy).value());
    return m;
  }

  @Override
  public Map<String, Double> majorityAtN(DecoderPolicy policy, DemoOptions opt) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(MultiTaskData.SQL, sqlEval.majorityAtN(policy, MultiTaskDemo.sqlSampling(opt).toBuilder().seed(1).build())
        .value());
    m.put(DocQaDataset.TASK, docqaEval.majorityAtN(policy,
        MultiTaskDemo.docqaSampling(opt).toBuilder().seed(1).build()).value());
    return m;
  }

  @Override
  public List<String> variants() {
    return List.of(ROUTER);
  }

  @Override
  public Scorer scorer(String variant) {
    H2Database db = H2Database.fromScript(data.sql().schema().script());
    SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
    return new OwningScorer(MultiTaskDemo.reward(data, exec, variant.equals(RANDOM)), List.of(exec, db));
  }

  @Override
  public Generator generator(DemoOptions opt) {
    return MultiTaskDemo.generator(opt);
  }

  @Override
  public PromptSource prompts() {
    return PromptSource.of(data.prodTrainPrompts());
  }

  @Override
  public List<String> labelTexts() {
    return MultiTaskDemo.labels(data);
  }

  @Override
  public List<LabeledExample> docLabels() {
    return data.moreDocLabels();
  }

  @Override
  public List<LabeledExample> oracleLabels() {
    List<LabeledExample> l = new ArrayList<>(sqlProduction);
    l.addAll(docqaProduction);
    return l;
  }

  /** Half from each task (SQL takes the odd one). */
  @Override
  public List<LabeledExample> productionLabels(int k) {
    List<LabeledExample> l = new ArrayList<>(sqlProduction.subList(0, Math.min((k + 1) / 2, sqlProduction.size())));
    l.addAll(docqaProduction.subList(0, Math.min(k / 2, docqaProduction.size())));
    return l;
  }

  /** Half of each task's held-out prompts, interleaved. */
  @Override
  public List<Prompt> speedPrompts() {
    List<Prompt> sql = SqlDataset.prompts(sqlHeldout);
    List<Prompt> docqa = DocQaDataset.prompts(docqaHeldout);
    List<Prompt> out = new ArrayList<>();
    for (int i = 0; i < Math.max(sql.size(), docqa.size()); i++) {
      if (i < sql.size()) {
        out.add(sql.get(i));
      }
      if (i < docqa.size()) {
        out.add(docqa.get(i));
      }
    }
    return out;
  }

  /** The shorter of the two answer budgets: a document-QA prompt leaves no room for SQL's. */
  @Override
  public int maxNewTokens() {
    return Math.min(DemoConfig.MAX_SQL_TOKENS, DocQaConfig.MAX_ANSWER_TOKENS);
  }

  @Override
  public boolean correct(Prompt prompt, String completion) {
    if (MultiTaskData.SQL.equals(prompt.metadata().get(MultiTaskData.TASK_KEY))) {
      String gold = sqlGold.get(prompt.id());
      return gold != null && sqlGrader.correct(prompt, completion, gold);
    }
    String gold = docqaGold.get(prompt.id());
    return gold != null && docqaGrader.correct(prompt, completion, gold);
  }

  @Override
  public void close() {
    sqlGrader.close();
  }
}
