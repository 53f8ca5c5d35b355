package ai.tao.benchmarks.docqa;

import ai.tao.api.Grader;
import ai.tao.api.SamplingParams;
import ai.tao.benchmarks.demo.DemoOptions;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.reward.LabeledPairs;
import ai.tao.core.reward.PairwiseAccuracy;
import ai.tao.core.reward.PreferencePair;
import ai.tao.core.reward.PreferencePairs;
import ai.tao.core.reward.RewardModel;
import ai.tao.core.reward.RewardTrainer;
import ai.tao.core.reward.RewardTrainingResult;
import ai.tao.core.train.Trainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The demo's reward model, the DBRM analogue in miniature: the base's backbone with a new scalar
 * head, trained on preference pairs made from the documentation labels alone. For each
 * documentation question the documented answer is chosen, and up to {@value #REJECTED_PER_QUESTION} (training
 * pairs: {@code --rm-rejected})
 * of the base's own samples (TAO's sampling) that the grader judges wrong are rejected
 * ({@link LabeledPairs}). Pairs of the first {@value #TRAIN_QUESTIONS} {@code docTrain} questions
 * train it; those of the first quarter of {@code docExtra} (questions 0–249) decide early stopping;
 * those of its second half (500–999), which neither the base's training nor this one's selection read, are
 * the held-out accuracy.
 * Pairs built the same way on the labeled production questions ({@code prodOracle}) measure how it
 * transfers: they are read for that report only, never for training or selection.
 *
 * <p>Settings: learning rate 3e-4, batches of 16 pairs, centring 0.01 (TRL's suggestion), a
 * validation every 250 steps and early stopping after 2 without a 0.001 drop, at most 2 epochs
 * (fixed before the run; the 1,000-question model's validation accuracy had stopped rising after
 * its first epoch).
 */
final class DocQaRewardModel {
  static final int REJECTED_PER_QUESTION = 4;
  /**
   * Documentation questions the pairs are mined from: all of {@code docTrain}. The wrong samples are
   * mostly slips in the arithmetic of a worked answer whose operands are right, so the reward model
   * must learn to check a difference or a ratio, and 1,000 questions' 3,038 pairs left it at 80.9%.
   */
  static final int TRAIN_QUESTIONS = 4000;

  /** What the reward model saw and how well it orders held-out pairs. */
  record Trained(Path dir, int trainPairs, int validationPairs, PairwiseAccuracy docHeldOut,
      PairwiseAccuracy prodPairs, RewardTrainingResult training) {}

  private DocQaRewardModel() {}

  /**
   * Trains the reward model from the base checkpoint in {@code baseDir} and saves it to {@code out};
   * {@code base} is that checkpoint loaded, whose samples give the rejected responses.
   */
  static Trained train(DocQaDataset data, DecoderPolicy base, Path baseDir, DemoOptions opt, Path out) {
    Grader grader = DocQaGrader.create();
    SamplingParams s = DocQaDemo.sampling(opt);
    List<PreferencePair> train;
    List<PreferencePair> validation;
    List<PreferencePair> heldOut;
    List<PreferencePair> prod;
    int extra = data.docExtra().size();
    train = mine(base, data.docTrain().subList(0, Math.min(TRAIN_QUESTIONS, data.docTrain().size())), grader, s, 21,
        opt.rmRejected);
    validation = mine(base, data.docExtra().subList(0, extra / 4), grader, s, 22, REJECTED_PER_QUESTION);
    heldOut = mine(base, data.docExtra().subList(extra / 2, extra), grader, s, 23, REJECTED_PER_QUESTION);
    prod = mine(base, data.prodOracle(), grader, s, 24, REJECTED_PER_QUESTION); // evaluation only
    System.out.printf(Locale.ROOT, "reward model pairs: %d train (docTrain), %d validation and %d held-out"
        + " (docExtra), %d production (prodOracle, evaluation only)%n", train.size(), validation.size(),
        heldOut.size(), prod.size());
    try (RewardModel rm = RewardModel.fromPolicy(baseDir, 1);
        RewardTrainer t = Trainers.rewardModel().learningRate(3e-4).batchSize(16).epochs(2)
            .centerCoefficient(0.01).evalEvery(250).patience(2).shuffleSeed(1).trainer(rm)) {
      train = fitting(rm, train, "train");
      validation = fitting(rm, validation, "validation");
      heldOut = fitting(rm, heldOut, "held-out");
      prod = fitting(rm, prod, "production");
      RewardTrainingResult r = t.fit(train, validation, v -> System.out.printf(Locale.ROOT,
          "[rm] step %d epoch %d train loss %.4f validation accuracy %.3f margin %.3f loss %.4f%n", v.step(),
          v.epoch(), v.trainLoss(), v.heldOut().accuracy(), v.heldOut().meanMargin(), v.heldOut().loss()));
      PairwiseAccuracy docAcc = rm.evaluate(heldOut);
      PairwiseAccuracy prodAcc = rm.evaluate(prod);
      System.out.printf(Locale.ROOT, "reward model: held-out documentation pairs accuracy %.3f (margin %.3f);"
          + " production pairs accuracy %.3f (margin %.3f)%n", docAcc.accuracy(), docAcc.meanMargin(),
          prodAcc.accuracy(), prodAcc.meanMargin());
      rm.save(out);
      PreferencePairs.write(out.resolve("train-pairs.jsonl"), train);
      return new Trained(out, train.size(), validation.size(), docAcc, prodAcc, r);
    }
  }

  /**
   * The pairs whose texts fit in what the model reads. A sample cut at the token limit can decode to
   * replacement characters that take more bytes than the tokens it was sampled as; such pairs are
   * left out and counted.
   */
  private static List<PreferencePair> fitting(RewardModel rm, List<PreferencePair> pairs, String what) {
    List<PreferencePair> kept = pairs.stream()
        .filter(p -> rm.fits(p.prompt(), p.chosen()) && rm.fits(p.prompt(), p.rejected())).toList();
    if (kept.size() < pairs.size()) {
      System.out.printf(Locale.ROOT, "reward model: %d of %d %s pairs are longer than %d tokens and left out%n",
          pairs.size() - kept.size(), pairs.size(), what, rm.maxTokens());
    }
    return kept;
  }

  private static List<PreferencePair> mine(DecoderPolicy base, List<DocQaTask> tasks, Grader grader,
      SamplingParams s, long seed, int rejected) {
    return LabeledPairs.mine(base, DocQaDataset.sftExamples(tasks), grader, s.toBuilder().seed(seed).build(),
        rejected, 64);
  }
}
