package ai.tao.core.reward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.tao.api.Prompt;
import ai.tao.core.TaoRuntime;
import ai.tao.core.train.LearningRateSchedule;
import ai.tao.core.train.Trainers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardTrainerTest {
  @TempDir Path tmp;

  @Test
  void learnsAPreferenceItCanReadAndOrdersHeldOutPairs() {
    Path policy = RewardFixtures.policyCheckpoint(tmp, true);
    try (RewardModel rm = RewardModel.fromPolicy(policy, 1);
        RewardTrainer t = Trainers.rewardModel().learningRate(3e-3).batchSize(16).epochs(4).trainer(rm)) {
      List<PreferencePair> heldOut = RewardFixtures.punctuationPairs(64, 99);
      double before = rm.evaluate(heldOut).accuracy();
      RewardTrainingResult r = t.fit(RewardFixtures.punctuationPairs(256, 1), heldOut, v -> {});
      PairwiseAccuracy after = rm.evaluate(heldOut);
      assertThat(after.accuracy()).as("held-out accuracy (before training %s)", before).isGreaterThanOrEqualTo(0.9);
      assertThat(after.meanMargin()).isPositive();
      assertThat(r.validations()).hasSize(4);
      assertThat(r.validations().get(3).heldOut().loss()).isLessThan(r.validations().get(0).heldOut().loss());
      assertThat(after.loss()).isEqualTo(r.best().heldOut().loss());
    }
  }

  @Test
  void stopsEarlyOnAPlateauAndKeepsTheBestValidatedWeights() {
    Path policy = RewardFixtures.policyCheckpoint(tmp, true);
    try (RewardModel rm = RewardModel.fromPolicy(policy, 1);
        RewardTrainer t = Trainers.rewardModel().learningRate(3e-3).epochs(40).patience(1).minDelta(0.05)
            .trainer(rm)) {
      List<PreferencePair> heldOut = RewardFixtures.punctuationPairs(32, 99);
      RewardTrainingResult r = t.fit(RewardFixtures.punctuationPairs(128, 1), heldOut, v -> {});
      assertThat(r.stoppedEarly()).isTrue();
      assertThat(r.validations().size()).isLessThan(40);
      double lowest = r.validations().stream().mapToDouble(v -> v.heldOut().loss()).min().orElseThrow();
      assertThat(r.best().heldOut().loss()).isEqualTo(lowest);
      assertThat(rm.evaluate(heldOut).loss()).isEqualTo(r.best().heldOut().loss());
    }
  }

  /**
   * The schedule is asked for every step with the steps planned (epochs × batches per epoch), and
   * its factor scales the rate: a schedule of 0 leaves the rewards as they were.
   */
  @Test
  void theScheduleScalesEveryStepOverThePlannedSteps() {
    Path policy = RewardFixtures.policyCheckpoint(tmp, true);
    List<long[]> asked = new ArrayList<>();
    LearningRateSchedule off = (step, total) -> {
      asked.add(new long[] {step, total});
      return 0.0;
    };
    try (RewardModel rm = RewardModel.fromPolicy(policy, 1);
        RewardTrainer t = Trainers.rewardModel().learningRate(3e-3).batchSize(16).epochs(2).patience(0)
            .schedule(off).trainer(rm)) {
      List<PreferencePair> heldOut = RewardFixtures.punctuationPairs(16, 99);
      PairwiseAccuracy before = rm.evaluate(heldOut);
      t.fit(RewardFixtures.punctuationPairs(40, 1), heldOut, v -> {}); // 3 batches per epoch
      assertThat(asked).extracting(a -> a[0]).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      assertThat(asked).extracting(a -> a[1]).containsOnly(6L);
      assertThat(rm.evaluate(heldOut).loss()).isEqualTo(before.loss());
      assertThat(t.config().describe()).containsKey("schedule");
    }
  }

  /** d(loss)/d(head) from autograd against central differences of the loss, on a batch of three pairs. */
  @Test
  void theLossGradientMatchesFiniteDifferences() {
    Path policy = RewardFixtures.policyCheckpoint(tmp, true);
    BradleyTerryLoss loss = new BradleyTerryLoss(0.5, 0.1);
    List<PreferencePair> pairs = RewardFixtures.punctuationPairs(3, 5);
    try (RewardModel rm = RewardModel.fromPolicy(policy, 1)) {
      List<int[]> seqs = new ArrayList<>();
      pairs.forEach(p -> seqs.add(rm.encode(Prompt.ofText("pair", p.prompt()), p.chosen())));
      pairs.forEach(p -> seqs.add(rm.encode(Prompt.ofText("pair", p.prompt()), p.rejected())));
      String[] names = {RewardModel.HEAD, "model.norm.weight", "model.layers.0.mlp.down_proj.weight"};
      for (String n : names) {
        rm.weights().get(n).setRequiresGradient(true);
      }
      float[][] analytic = new float[names.length][];
      try (NDManager m = rm.manager().newSubManager()) {
        try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
          gc.backward(lossOf(rm, loss, seqs, m, true));
        }
        for (int i = 0; i < names.length; i++) {
          analytic[i] = rm.weights().get(names[i]).getGradient().toFloatArray();
        }
      }
      int checked = 0;
      for (int i = 0; i < names.length; i++) {
        NDArray w = rm.weights().get(names[i]);
        float[] g = analytic[i];
        int[] top = java.util.stream.IntStream.range(0, g.length).boxed()
            .sorted((x, y) -> Float.compare(Math.abs(g[y]), Math.abs(g[x]))).limit(4).mapToInt(Integer::intValue)
            .toArray();
        for (int idx : top) {
          assertThat(Math.abs(g[idx])).as("%s has a non-zero gradient", names[i]).isGreaterThan(1e-5f);
          double fd = finiteDifference(rm, loss, seqs, w, idx);
          assertThat((double) g[idx]).as("%s[%d] analytic vs finite difference %s", names[i], idx, fd)
              .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-3 + 0.03 * Math.abs(fd)));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(12);
    }
  }

  private static NDArray lossOf(RewardModel rm, BradleyTerryLoss loss, List<int[]> seqs, NDManager m,
      boolean training) {
    int p = seqs.size() / 2;
    NDArray r = rm.forward(seqs, m, training);
    return loss.apply(r.get("0:" + p), r.get(p + ":"), m.zeros(new ai.djl.ndarray.types.Shape(p)));
  }

  private static double finiteDifference(RewardModel rm, BradleyTerryLoss loss, List<int[]> seqs, NDArray w,
      int flatIndex) {
    float h = 1e-2f;
    float[] data = w.toFloatArray();
    float orig = data[flatIndex];
    double[] sides = new double[2];
    try (var g = TaoRuntime.noGrad()) {
      for (int s = 0; s < 2; s++) {
        data[flatIndex] = orig + (s == 0 ? h : -h);
        w.set(new NDIndex("..."), w.getManager().create(data, w.getShape()));
        try (NDManager m = rm.manager().newSubManager()) {
          sides[s] = lossOf(rm, loss, seqs, m, false).getFloat();
        }
      }
      data[flatIndex] = orig;
      w.set(new NDIndex("..."), w.getManager().create(data, w.getShape()));
    }
    return (sides[0] - sides[1]) / (2 * h);
  }
}
