package ai.tao.benchmarks.docqa;

import ai.tao.api.PromptSource;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.benchmarks.demo.DemoResult;
import ai.tao.benchmarks.demo.DemoRuns;
import ai.tao.benchmarks.demo.LabelAudit;
import ai.tao.core.TuneResult;
import ai.tao.core.eval.Evaluation;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.LabeledExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Document question answering, the second demo: a small model trained on documentation-phrased
 * questions about short financial statements meets production phrasings it never saw labels for.
 *
 * <p>Measures the base (documentation pass@1 on 200 docExtra questions; production pass@1, by kind,
 * and majority@n on the held-out production questions), then per seed: TAO on the production
 * prompts alone with each label-free reward ({@link DocQaScorers}: {@code majority}, {@code
 * reward_model}, {@code grounding_majority}, {@code rm_majority}, or those {@code --variants} names;
 * and {@code --scorer NAME} from the registry if given), SFT on more
 * documentation labels and on labeled production questions (the oracle) at equal steps, and with
 * {@code --control} TAO with random rewards. Every model is graded by {@link DocQaGrader}.
 *
 * <p>The reward model is trained once per run, before the seeds, on the documentation labels alone
 * ({@link DocQaRewardModel}; {@code --rm DIR} uses a trained one, {@code --rm-only} stops after
 * training and measuring it).
 *
 * <p>Usage: {@code DocQaDemo [--base-only] [--rm-only] [--seeds N] [--steps S] [--control]
 * [--variants A,B] [--rm DIR] [--scorer NAME [--scorer-opt K=V]...]} and the other {@link
 * DemoOptions}. Writes {@code tao-docqa-result.json}
 * in the working directory.
 */
public final class DocQaDemo {
  /** Documentation questions the base's documentation pass@1 is measured on (TrainDocQaBase's validation). */
  static final int DOC_EVAL = 200;

  private DocQaDemo() {}

  public static void main(String[] args) throws IOException {
    DemoOptions opt = DemoOptions.parse(args);
    long t0 = System.nanoTime();
    DocQaDataset data = DocQaDataset.generate(DocQaConfig.DATA_SEED);
    List<DocQaTask> heldout = data.prodHeldout();
    Path work = Files.createTempDirectory("tao-docqa");
    DemoResult result = new DemoResult(heldout.size());
    result.grading = "graded by " + DocQaGrader.create().name() + ": the answer's number against the gold";
    Evaluation eval = DocQaModels.evaluation(heldout);
    try (DecoderPolicy base = base(opt, work.resolve("base"))) {
      measureBase(data, base, opt, result);
    }
    Path rewardModel = null;
    if (!opt.baseOnly && (opt.rewardModelOnly || (opt.runsMain()
        && variants(opt).stream().anyMatch(v -> !v.equals(opt.scorer) && DocQaScorers.ofLabel(v).needsRewardModel())))) {
      rewardModel = opt.rewardModelDir != null ? opt.rewardModelDir : rewardModel(data, opt, work, result);
    }
    if (!opt.baseOnly && !opt.rewardModelOnly) {
      for (int s = 0; s < opt.seeds; s++) {
        runSeed(data, opt, opt.firstSeed + s, work, eval, result, rewardModel);
        System.out.printf(Locale.ROOT, "seed %d done at %.0f s%n", opt.firstSeed + s, (System.nanoTime() - t0) / 1e9);
      }
    }
    result.seconds = (System.nanoTime() - t0) / 1e9;
    System.out.println(result.table(opt.candidates, opt.sftBatch));
    Path out = Path.of("tao-docqa-result.json");
    result.write(out);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** Documentation pass@1, production pass@1 (and by kind) and majority@n of the base model. */
  static void measureBase(DocQaDataset data, DecoderPolicy base, DemoOptions opt, DemoResult result) {
    result.figures.put("base_doc_pass_at_1",
        DocQaModels.evaluation(data.docExtra().subList(0, DOC_EVAL)).passAt1(base).value());
    result.basePassAt1 = DocQaModels.evaluation(data.prodHeldout()).passAt1(base).value();
    for (QuestionKind kind : QuestionKind.values()) {
      String k = kind.name().toLowerCase(Locale.ROOT);
      result.figures.put("base_doc_pass_at_1_" + k, DocQaModels.evaluation(
          data.docExtra().subList(0, DOC_EVAL).stream().filter(t -> t.kind() == kind).toList()).passAt1(base).value());
      result.figures.put("base_pass_at_1_" + k, DocQaModels.evaluation(
          data.prodHeldout().stream().filter(t -> t.kind() == kind).toList()).passAt1(base).value());
    }
    result.baseMajorityAtN = DocQaModels.evaluation(data.prodHeldout())
        .majorityAtN(base, sampling(opt).toBuilder().seed(1).build()).value();
    System.out.printf(Locale.ROOT, "base: documentation pass@1 %.3f; production pass@1 %.3f, majority@%d %.3f%n",
        result.figures.get("base_doc_pass_at_1"), result.basePassAt1, opt.candidates, result.baseMajorityAtN);
  }

  /** TAO's sampler and majority@n's: the group size, temperature and top-k of the run. */
  static SamplingParams sampling(DemoOptions opt) {
    return opt.sampling(DocQaConfig.MAX_ANSWER_TOKENS);
  }

  /**
   * What must never reach TAO: each question with its answer written after it, worked or the number
   * alone. A number by itself is no label here, since figures are printed in the statements the
   * prompts carry.
   */
  static List<String> labels(DocQaDataset data) {
    return data.splits().values().stream().flatMap(List::stream)
        .flatMap(t -> java.util.stream.Stream.of(t.prompt() + t.workedAnswer(), t.prompt() + t.answerText()))
        .toList();
  }

  /** The label-free reward variants of a run: {@code --variants}, else all four, then {@code --scorer}'s. */
  static List<String> variants(DemoOptions opt) {
    List<String> variants = new ArrayList<>();
    if (opt.variants.isEmpty()) {
      for (DocQaScorers v : List.of(DocQaScorers.MAJORITY, DocQaScorers.REWARD_MODEL,
          DocQaScorers.GROUNDING_MAJORITY, DocQaScorers.RM_MAJORITY)) {
        variants.add(v.label());
      }
    } else {
      opt.variants.forEach(v -> variants.add(DocQaScorers.ofLabel(v).label()));
    }
    if (opt.scorer != null) {
      variants.add(opt.scorer);
    }
    return variants;
  }

  /**
   * Trains the reward model on the documentation labels ({@link DocQaRewardModel}) from the base
   * checkpoint, records what it saw and its pairwise accuracies, and returns its folder.
   */
  static Path rewardModel(DocQaDataset data, DemoOptions opt, Path work, DemoResult result) {
    Path baseDir = work.resolve("rm-base");
    long t = System.nanoTime();
    DocQaRewardModel.Trained rm;
    try (DecoderPolicy base = base(opt, baseDir)) {
      if (opt.baseDir != null) {
        base.save(baseDir);
      }
      rm = DocQaRewardModel.train(data, base, baseDir, opt, work.resolve("reward-model"));
    }
    result.figures.put("rm_train_pairs", (double) rm.trainPairs());
    result.figures.put("rm_validation_pairs", (double) rm.validationPairs());
    result.figures.put("rm_doc_heldout_pairs", (double) rm.docHeldOut().pairs());
    result.figures.put("rm_doc_heldout_pair_accuracy", rm.docHeldOut().accuracy());
    result.figures.put("rm_doc_heldout_margin", rm.docHeldOut().meanMargin());
    result.figures.put("rm_prod_pairs", (double) rm.prodPairs().pairs());
    result.figures.put("rm_prod_pair_accuracy", rm.prodPairs().accuracy());
    result.figures.put("rm_prod_margin", rm.prodPairs().meanMargin());
    result.figures.put("rm_steps", (double) rm.training().steps());
    result.figures.put("rm_seconds", (System.nanoTime() - t) / 1e9);
    return rm.dir();
  }

  static void runSeed(DocQaDataset data, DemoOptions opt, long seed, Path work, Evaluation eval, DemoResult result,
      Path rewardModel) {
    List<String> labels = labels(data);
    if (opt.runsMain()) {
      for (String v : variants(opt)) {
        LabelAudit audit = new LabelAudit(labels);
        Scorer scorer = v.equals(opt.scorer) ? DocQaScorers.named(opt.scorer, opt.scorerOptions)
            : DocQaScorers.ofLabel(v).create(rewardModel);
        double tao = runTao(data, audit, scorer, v, opt, seed, work, eval, result);
        result.taoByVariant.computeIfAbsent(v, k -> new ArrayList<>()).add(tao);
        result.labelsSeenByTao += audit.labelsSeen();
        System.out.printf(Locale.ROOT, "seed %d: TAO with %s %.3f (labels seen by TAO: %d)%n", seed, v, tao,
            audit.labelsSeen());
      }
      if (!opt.taoOnly) {
        double sftDoc = runSft(docLabels(data), opt, seed, work.resolve("sft-doc-" + seed), eval);
        double oracle = runSft(DocQaDataset.sftExamples(data.prodOracle()), opt, seed,
            work.resolve("sft-oracle-" + seed), eval);
        result.sftDocBySeed.add(sftDoc);
        result.sftOracleBySeed.add(oracle);
        System.out.printf(Locale.ROOT, "seed %d: SFT doc labels %.3f  SFT oracle %.3f%n", seed, sftDoc, oracle);
      }
    }
    if (opt.control || opt.controlOnly) {
      double c = runTao(data, new LabelAudit(labels), DocQaScorers.RANDOM.create(null), DocQaScorers.RANDOM.label(), opt,
          seed, work, eval, null);
      result.randomBySeed.add(c);
      System.out.printf(Locale.ROOT, "seed %d control, random rewards: TAO %.3f%n", seed, c);
    }
  }

  /** The cheap labels a team has: the base's documentation labels and docExtra's. */
  static List<LabeledExample> docLabels(DocQaDataset data) {
    List<LabeledExample> doc = new ArrayList<>(DocQaDataset.sftExamples(data.docTrain()));
    doc.addAll(DocQaDataset.sftExamples(data.docExtra()));
    return doc;
  }

  /** The committed base checkpoint, or the one {@code --base DIR} names. */
  static DecoderPolicy base(DemoOptions opt, Path scratch) {
    return opt.baseDir == null ? DocQaModels.loadBase(scratch) : DecoderPolicy.load(opt.baseDir);
  }

  /** One TAO run with {@code reward} (closed here); its pass@1 on the held-out questions. */
  static double runTao(DocQaDataset data, LabelAudit audit, Scorer reward, String label, DemoOptions opt, long seed,
      Path work, Evaluation eval, DemoResult result) {
    try (DecoderPolicy policy = base(opt, work.resolve("tao-" + label + "-" + seed));
        Scorer scorer = audit.watch(reward)) {
      PromptSource prompts = audit.watch(PromptSource.of(data.prodTrainPrompts()));
      TuneResult r = DemoRuns.tao(policy, prompts, scorer, sampling(opt), opt, seed, label);
      if (result != null) {
        DemoRuns.record(r, result, label, seed);
      }
      return eval.passAt1(policy).value();
    }
  }

  /** SFT with as many steps as a TAO run, each on {@code --sft-batch} labeled sequences. */
  static double runSft(List<LabeledExample> labels, DemoOptions opt, long seed, Path dir, Evaluation eval) {
    try (DecoderPolicy policy = base(opt, dir)) {
      DemoRuns.sft(policy, labels, opt, seed);
      return eval.passAt1(policy).value();
    }
  }
}
