package ai.tao.benchmarks.demo;

import ai.tao.api.PromptSource;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.benchmarks.sql.SqlTask;
import ai.tao.core.TuneResult;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlCue;
import ai.tao.rewards.sql.SqlCueMiner;
import ai.tao.rewards.sql.SqlExecutionScorer;
import ai.tao.rewards.sql.SqlResultGrader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The README's main job: text-to-SQL, the enterprise situation in miniature.
 *
 * <p>A small model trained on documentation-phrased (question, SQL) pairs meets production
 * phrasings it never saw labels for. TAO tunes it on the production questions alone; two SFT
 * baselines get the same number of gradient steps, each on {@code --sft-batch} labeled sequences
 * (64, more than TAO trains on per step; the run prints TAO's mean): more documentation labels
 * (cheap), and labeled production questions (the expensive oracle). Every model is scored on
 * held-out production questions by executing its SQL against the gold SQL's result, with the
 * library's {@link SqlResultGrader} and {@link Evaluation}.
 *
 * <p>Usage: {@code SqlDemo [--seeds N] [--ablation] [--control] [--quiet]} and experiment options ({@link
 * DemoOptions}; an unknown option prints them all). Writes {@code tao-demo-result.json} in the
 * working directory.
 */
public final class SqlDemo {
  private SqlDemo() {}

  public static void main(String[] args) throws IOException {
    DemoOptions opt = DemoOptions.parse(args);
    long t0 = System.nanoTime();
    SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
    List<SqlTask> heldout = data.prodHeldout();
    List<SqlTask> all = new ArrayList<>(data.docTrain());
    all.addAll(data.docExtra());
    all.addAll(data.prodTrain());
    all.addAll(data.prodOracle());
    all.addAll(heldout);
    SqlCueMiner.Learned cues = DemoScorers.cues(data);
    System.out.println("aggregate words learned from the documentation pairs: asking " + cues.words()
        + ", permitting " + cues.permitting());
    Path work = Files.createTempDirectory("tao-demo");
    DemoResult result = new DemoResult(heldout.size());
    try (SqlResultGrader grader = SqlResultGrader.h2(data.schema().script())) {
      Evaluation eval = evaluation(heldout, grader);
      try (DecoderPolicy base = base(opt, work.resolve("base"))) {
        result.basePassAt1 = eval.passAt1(base).value();
        result.baseMajorityAtN = eval.majorityAtN(base, taoSampling(opt).toBuilder().seed(1).build()).value();
        System.out.printf(Locale.ROOT, "base: pass@1 %.3f, majority@%d %.3f%n", result.basePassAt1, opt.candidates,
            result.baseMajorityAtN);
      }
      for (int s = 0; s < opt.seeds; s++) {
        runSeed(data, all, cues.cues(), opt, opt.firstSeed + s, work, eval, result);
        System.out.printf(Locale.ROOT, "seed %d done at %.0f s%n", opt.firstSeed + s, (System.nanoTime() - t0) / 1e9);
      }
    }
    result.seconds = (System.nanoTime() - t0) / 1e9;
    System.out.println(result.table(opt.candidates, opt.sftBatch));
    Path out = Path.of("tao-demo-result.json");
    result.write(out);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** Greedy pass@1 and majority@N on {@code tasks}, graded by executing the gold SQL. */
  public static Evaluation evaluation(List<SqlTask> tasks, SqlResultGrader grader) {
    return Evaluation.builder().examples(SqlDataset.evalExamples(tasks)).grader(grader)
        .maxNewTokens(DemoConfig.MAX_SQL_TOKENS).stopStrings(List.of("\n")).build();
  }

  /** TAO's sampler: the group size, temperature and filters of the run (seeded per call by the loop). */
  static SamplingParams taoSampling(DemoOptions opt) {
    return opt.sampling(DemoConfig.MAX_SQL_TOKENS);
  }

  /** TAO, the SFT baselines and the ablation variants asked for, on one seed. */
  static void runSeed(SqlDataset data, List<SqlTask> all, List<SqlCue> cues, DemoOptions opt, long seed, Path work,
      Evaluation eval, DemoResult result) {
    double tao = Double.NaN;
    if (opt.runsMain()) {
      LabelAudit audit = LabelAudit.forSql(all);
      tao = runTao(data, audit, cues, DemoScorers.BOTH, opt, seed, work, eval, result);
      result.taoBySeed.add(tao);
      result.labelsSeenByTao += audit.labelsSeen();
      if (opt.taoOnly) {
        System.out.printf(Locale.ROOT, "seed %d: TAO %.3f  (labels seen by TAO: %d)%n", seed, tao, audit.labelsSeen());
      } else {
        double doc = runSft(docLabels(data), opt, seed, work.resolve("sft-doc-" + seed), eval);
        double oracle = runSft(SqlDataset.sftExamples(data.prodOracle()), opt, seed,
            work.resolve("sft-oracle-" + seed), eval);
        result.sftDocBySeed.add(doc);
        result.sftOracleBySeed.add(oracle);
        System.out.printf(Locale.ROOT,
            "seed %d: TAO %.3f  SFT doc labels %.3f  SFT oracle %.3f  (labels seen by TAO: %d)%n",
            seed, tao, doc, oracle, audit.labelsSeen());
      }
    }
    if (opt.control || opt.controlOnly) {
      double c = runTao(data, LabelAudit.forSql(all), cues, DemoScorers.RANDOM, opt, seed, work, eval, null);
      result.randomBySeed.add(c);
      System.out.printf(Locale.ROOT, "seed %d control, random rewards: TAO %.3f%n", seed, c);
    }
    if (opt.ablation || opt.ablationOnly) {
      for (DemoScorers variant : List.of(DemoScorers.CONSENSUS_ONLY, DemoScorers.GROUNDING_ONLY)) {
        double v = runTao(data, LabelAudit.forSql(all), cues, variant, opt, seed, work, eval, null);
        result.ablation.computeIfAbsent(variant.label(), k -> new ArrayList<>()).add(v);
        System.out.printf(Locale.ROOT, "seed %d ablation %s: TAO %.3f%n", seed, variant.label(), v);
      }
      if (opt.runsMain()) {
        result.ablation.computeIfAbsent(DemoScorers.BOTH.label(), k -> new ArrayList<>()).add(tao);
      }
    }
  }

  /** The committed base checkpoint, or the one {@code --base DIR} names. */
  static DecoderPolicy base(DemoOptions opt, Path scratch) {
    return opt.baseDir == null ? DemoModel.loadBase(scratch) : DecoderPolicy.load(opt.baseDir);
  }

  /** The cheap labels a team has: the base's documentation pairs plus as many again. */
  static List<LabeledExample> docLabels(SqlDataset data) {
    List<LabeledExample> l = new ArrayList<>(SqlDataset.sftExamples(data.docTrain()));
    l.addAll(SqlDataset.sftExamples(data.docExtra()));
    return l;
  }

  /**
   * One TAO run; its pass@1 on the held-out questions. With {@code result} (the main run), its mean
   * trained sequences per step, SQL timeouts and collapse stops go there.
   */
  static double runTao(SqlDataset data, LabelAudit audit, List<SqlCue> cues, DemoScorers variant, DemoOptions opt,
      long seed, Path work, Evaluation eval, DemoResult result) {
    try (H2Database db = H2Database.fromScript(data.schema().script());
        DecoderPolicy policy = base(opt, work.resolve("tao-" + variant.label() + "-" + seed));
        SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
        Scorer scorer = audit.watch(variant.create(exec, data.schema(), cues))) {
      PromptSource prompts = audit.watch(PromptSource.of(data.prodTrainPrompts()));
      TuneResult r = DemoRuns.tao(policy, prompts, scorer, taoSampling(opt), opt, seed, variant.label());
      if (result != null) {
        DemoRuns.record(r, result, "", seed);
        result.addSqlTimeouts(exec.sandbox().timeouts());
      }
      return eval.passAt1(policy).value();
    }
  }

  /** SFT with as many steps as the TAO run, each on {@code --sft-batch} labeled sequences. */
  static double runSft(List<LabeledExample> labels, DemoOptions opt, long seed, Path dir, Evaluation eval) {
    try (DecoderPolicy policy = base(opt, dir)) {
      DemoRuns.sft(policy, labels, opt, seed);
      return eval.passAt1(policy).value();
    }
  }
}
