package ai.tao.benchmarks.demo;

import ai.tao.api.Generator;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.benchmarks.suite.OwningScorer;
import ai.tao.benchmarks.suite.SuiteTask;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlCue;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlResultGrader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Text-to-SQL as the suite runs it: {@link SqlDemo}'s base, data, rewards and baselines, with the
 * held-out set cut to the suite's size. The variants are the demo's reward and its two ablations.
 */
public final class SqlSuiteTask implements SuiteTask {
  private final SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
  private final List<SqlTask> heldout;
  private final List<SqlTask> all = new ArrayList<>();
  private final List<SqlCue> cues;
  private final SqlResultGrader grader;
  private final Evaluation eval;
  private final Map<String, String> trainGold;
  private final List<LabeledExample> production;

  public SqlSuiteTask(int heldoutSize) {
    heldout = data.prodHeldout().subList(0, Math.min(heldoutSize, data.prodHeldout().size()));
    all.addAll(data.docTrain());
    all.addAll(data.docExtra());
    all.addAll(data.prodTrain());
    all.addAll(data.prodOracle());
    all.addAll(data.prodHeldout());
    cues = DemoScorers.cues(data).cues();
    grader = SqlResultGrader.h2(data.schema().script());
    eval = SqlDemo.evaluation(heldout, grader);
    trainGold = data.prodTrain().stream().collect(Collectors.toMap(SqlTask::id, SqlTask::goldSql));
    production = SuiteTask.fixedOrder(SqlDataset.sftExamples(data.prodOracle()));
  }

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String title() {
    return "Text-to-SQL";
  }

  @Override
  public List<String> parts() {
    return List.of(name());
  }

  @Override
  public String grading(String part) {
    return "the SQL's result set against the gold query's, executed on H2";
  }

  @Override
  public int heldout(String part) {
    return heldout.size();
  }

  @Override
  public DecoderPolicy base(Path scratch) {
    return DemoModel.loadBase(scratch);
  }

  @Override
  public Map<String, Double> passAt1(DecoderPolicy policy) {
    return Map.of(name(), eval.passAt1(policy).value());
  }

  @Override
  public Map<String, Double> majorityAtN(DecoderPolicy policy, DemoOptions opt) {
    return Map.of(name(), eval.majorityAtN(policy, SqlDemo.taoSampling(opt).toBuilder().seed(1).build()).value());
  }

  @Override
  public List<String> variants() {
    return List.of(DemoScorers.BOTH.label(), DemoScorers.CONSENSUS_ONLY.label(), DemoScorers.GROUNDING_ONLY.label());
  }

  @Override
  public Scorer scorer(String variant) {
    DemoScorers v = variant.equals(RANDOM) ? DemoScorers.RANDOM : DemoScorers.valueOf(
        variant.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    H2Database db = H2Database.fromScript(data.schema().script());
    SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
    return new OwningScorer(v.create(exec, data.schema(), cues), List.of(exec, db));
  }

  @Override
  public Generator generator(DemoOptions opt) {
    return DemoRuns.generator(SqlDemo.taoSampling(opt));
  }

  @Override
  public PromptSource prompts() {
    return PromptSource.of(data.prodTrainPrompts());
  }

  @Override
  public List<String> labelTexts() {
    return all.stream().map(SqlTask::goldSql).toList();
  }

  @Override
  public List<LabeledExample> docLabels() {
    return SqlDemo.docLabels(data);
  }

  @Override
  public List<LabeledExample> oracleLabels() {
    return SqlDataset.sftExamples(data.prodOracle());
  }

  @Override
  public List<LabeledExample> productionLabels(int k) {
    return production.subList(0, Math.min(k, production.size()));
  }

  @Override
  public List<Prompt> speedPrompts() {
    return SqlDataset.prompts(heldout);
  }

  @Override
  public int maxNewTokens() {
    return DemoConfig.MAX_SQL_TOKENS;
  }

  @Override
  public boolean correct(Prompt prompt, String completion) {
    String gold = trainGold.get(prompt.id());
    return gold != null && grader.correct(prompt, completion, gold);
  }

  @Override
  public void close() {
    grader.close();
  }
}
