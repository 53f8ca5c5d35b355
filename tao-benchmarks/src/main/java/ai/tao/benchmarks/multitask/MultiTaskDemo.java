package ai.tao.benchmarks.multitask;

import ai.tao.api.Generator;
import ai.tao.api.PromptSource;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.DemoConfig;
import ai.tao.benchmarks.demo.DemoModel;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.DemoResult;
import ai.tao.benchmarks.demo.DemoRuns;
import ai.tao.benchmarks.demo.DemoScorers;
import ai.tao.benchmarks.demo.LabelAudit;
import ai.tao.benchmarks.demo.SqlDemo;
import ai.tao.benchmarks.docqa.DocQaConfig;
import ai.tao.benchmarks.docqa.DocQaDataset;
import ai.tao.benchmarks.docqa.DocQaModels;
import ai.tao.benchmarks.docqa.DocQaScorers;
import ai.tao.benchmarks.docqa.DocQaTask;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.core.TuneResult;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.generate.Generators;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlResultGrader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Multi-task TAO: one base trained on both tasks' documentation labels ({@link
 * TrainMultiTaskBase}), one TAO run over a mix of both tasks' production prompts, each group scored
 * by its task's reward through the {@code router}: SQL by the SQL demo's grounded consensus,
 * document QA by grounding then majority (both chosen before any multi-task run, as each demo's
 * rule-plus-agreement reward). Reported per task, against the same base, with the random-reward
 * control and SFT on more documentation labels at equal steps beside it. Writes {@code tao-multitask-result.json}: one object per task with the demo
 * result keys, then {@code labels_seen_by_tao} and {@code seconds}.
 *
 * <p>Usage: {@code MultiTaskDemo [--seeds N] [--steps S] [--control] [--tao-only] [--base DIR]} and the other
 * {@link DemoOptions}.
 */
public final class MultiTaskDemo {
  static final String BASE_RESOURCE = "/ai/tao/benchmarks/multitask/base/";

  private MultiTaskDemo() {}

  public static void main(String[] args) throws IOException {
    DemoOptions opt = DemoOptions.parse(args);
    long t0 = System.nanoTime();
    MultiTaskData data = MultiTaskData.generate();
    Path work = Files.createTempDirectory("tao-multitask");
    DemoResult sql = new DemoResult(data.sql().prodHeldout().size());
    DemoResult docqa = new DemoResult(data.docqa().prodHeldout().size());
    docqa.grading = "graded by docqa-number: the answer's number against the gold";
    long labelsSeen = 0;
    try (SqlResultGrader grader = SqlResultGrader.h2(data.sql().schema().script())) {
      Evaluation sqlEval = SqlDemo.evaluation(data.sql().prodHeldout(), grader);
      Evaluation docqaEval = DocQaModels.evaluation(data.docqa().prodHeldout());
      try (DecoderPolicy base = base(opt, work.resolve("base"))) {
        sql.basePassAt1 = sqlEval.passAt1(base).value();
        docqa.basePassAt1 = docqaEval.passAt1(base).value();
        sql.baseMajorityAtN = sqlEval.majorityAtN(base, sqlSampling(opt).toBuilder().seed(1).build()).value();
        docqa.baseMajorityAtN = docqaEval.majorityAtN(base, docqaSampling(opt).toBuilder().seed(1).build()).value();
        System.out.printf(Locale.ROOT, "multi-task base: SQL pass@1 %.3f (majority@%d %.3f), document QA pass@1 %.3f"
            + " (majority@%d %.3f)%n", sql.basePassAt1, opt.candidates, sql.baseMajorityAtN, docqa.basePassAt1,
            opt.candidates, docqa.baseMajorityAtN);
      }
      List<String> labels = labels(data);
      for (int s = 0; s < opt.seeds; s++) {
        long seed = opt.firstSeed + s;
        if (opt.runsMain()) {
          LabelAudit audit = new LabelAudit(labels);
          PerTask r = runTao(data, audit, false, opt, seed, work, sqlEval, docqaEval, sql);
          sql.taoBySeed.add(r.sql());
          docqa.taoBySeed.add(r.docqa());
          labelsSeen += audit.labelsSeen();
          System.out.printf(Locale.ROOT, "seed %d: TAO SQL %.3f, document QA %.3f (labels seen by TAO: %d)%n",
              seed, r.sql(), r.docqa(), audit.labelsSeen());
        }
        if (opt.runsMain() && !opt.taoOnly) {
          PerTask r = runSft(data, opt, seed, work.resolve("sft-doc-" + seed), sqlEval, docqaEval);
          sql.sftDocBySeed.add(r.sql());
          docqa.sftDocBySeed.add(r.docqa());
          System.out.printf(Locale.ROOT, "seed %d: SFT on more documentation labels: SQL %.3f, document QA %.3f%n",
              seed, r.sql(), r.docqa());
        }
        if (opt.control || opt.controlOnly) {
          PerTask r = runTao(data, new LabelAudit(labels), true, opt, seed, work, sqlEval, docqaEval, null);
          sql.randomBySeed.add(r.sql());
          docqa.randomBySeed.add(r.docqa());
          System.out.printf(Locale.ROOT, "seed %d control, random rewards: SQL %.3f, document QA %.3f%n", seed,
              r.sql(), r.docqa());
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    sql.labelsSeenByTao = labelsSeen;
    docqa.labelsSeenByTao = labelsSeen;
    System.out.println("SQL\n" + sql.table(opt.candidates, opt.sftBatch));
    System.out.println("document QA\n" + docqa.table(opt.candidates, opt.sftBatch));
    ObjectMapper json = new ObjectMapper();
    ObjectNode n = json.createObjectNode();
    n.set("sql", sql.toJson());
    n.set("docqa", docqa.toJson());
    n.put("labels_seen_by_tao", labelsSeen);
    n.put("seconds", seconds);
    Path out = Path.of("tao-multitask-result.json");
    json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), n);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** Every gold answer of both tasks, written after its question, and every gold query: none may reach TAO. */
  static List<String> labels(MultiTaskData data) {
    List<String> out = new ArrayList<>();
    Stream.of(data.sql().docTrain(), data.sql().docExtra(), data.sql().prodTrain(), data.sql().prodOracle(),
        data.sql().prodHeldout()).flatMap(List::stream).map(SqlTask::goldSql).forEach(out::add);
    data.docqa().splits().values().stream().flatMap(List::stream)
        .flatMap(t -> Stream.of(t.prompt() + t.workedAnswer(), t.prompt() + t.answerText())).forEach(out::add);
    return out;
  }

  /** The committed multi-task base, or the one {@code --base DIR} names. */
  static DecoderPolicy base(DemoOptions opt, Path scratch) {
    return opt.baseDir == null ? DemoModel.loadBase(BASE_RESOURCE, scratch, "TrainMultiTaskBase")
        : DecoderPolicy.load(opt.baseDir);
  }

  /** The router: each task's reward, or the random control for both. */
  static Scorer reward(MultiTaskData data, SqlExecutionScorer exec, boolean control) {
    if (control) {
      return Scorers.random().build();
    }
    Scorer sql = DemoScorers.BOTH.create(exec, data.sql().schema(), DemoScorers.cues(data.sql()).cues());
    Scorer docqa = DocQaScorers.GROUNDING_MAJORITY.create(null);
    return Scorers.router().key(MultiTaskData.TASK_KEY).route(MultiTaskData.SQL, sql)
        .route(DocQaDataset.TASK, docqa).build();
  }

  /**
   * Each task's sampling: the demos' group size, temperature and top-k, and that task's answer
   * budget (SQL's longer answers, document QA's longer prompts: one budget for both would not fit
   * the context of a document-QA prompt).
   */
  static SamplingParams sqlSampling(DemoOptions opt) {
    return opt.sampling(DemoConfig.MAX_SQL_TOKENS);
  }

  static SamplingParams docqaSampling(DemoOptions opt) {
    return opt.sampling(DocQaConfig.MAX_ANSWER_TOKENS);
  }

  /** TAO's generator: each prompt sampled with its task's settings. */
  static Generator generator(DemoOptions opt) {
    return Generators.router().key(MultiTaskData.TASK_KEY)
        .route(MultiTaskData.SQL, DemoRuns.generator(sqlSampling(opt)))
        .route(DocQaDataset.TASK, DemoRuns.generator(docqaSampling(opt))).build();
  }

  /**
   * The label baseline at TAO's budget: SFT from the base, as many steps as a TAO run, on both
   * tasks' documentation labels, docExtra included ({@link MultiTaskData#moreDocLabels()}).
   */
  static PerTask runSft(MultiTaskData data, DemoOptions opt, long seed, Path dir, Evaluation sqlEval,
      Evaluation docqaEval) {
    try (DecoderPolicy policy = base(opt, dir)) {
      DemoRuns.sft(policy, data.moreDocLabels(), opt, seed);
      return new PerTask(sqlEval.passAt1(policy).value(), docqaEval.passAt1(policy).value());
    }
  }

  /** Held-out pass@1 of each task. */
  record PerTask(double sql, double docqa) {}

  /** One mixed TAO run; the SQL and document-QA pass@1 after it. */
  static PerTask runTao(MultiTaskData data, LabelAudit audit, boolean control, DemoOptions opt, long seed,
      Path work, Evaluation sqlEval, Evaluation docqaEval, DemoResult result) {
    String label = control ? "random" : "router";
    try (H2Database db = H2Database.fromScript(data.sql().schema().script());
        DecoderPolicy policy = base(opt, work.resolve("tao-" + label + "-" + seed));
        SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
        Scorer scorer = audit.watch(reward(data, exec, control))) {
      PromptSource prompts = audit.watch(PromptSource.of(data.prodTrainPrompts()));
      TuneResult r = DemoRuns.tao(policy, prompts, scorer, generator(opt), opt, seed, label);
      if (result != null) {
        DemoRuns.record(r, result, label, seed);
        result.addSqlTimeouts(exec.sandbox().timeouts());
      }
      return new PerTask(sqlEval.passAt1(policy).value(), docqaEval.passAt1(policy).value());
    }
  }
}
