package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.ScoredGroup;
import ai.tao.api.TrainStepResult;
import ai.tao.core.policy.DecoderPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unanimous groups (all advantages zero) are left out of the gradient pass unless asked to keep them. */
class UnanimousGroupTest {
  private static ScoredGroup group(String id, double r0, double r1) {
    CandidateGroup g = new CandidateGroup(Prompt.ofText(id, "ab"), List.of(
        new Completion("c", new int[] {2, 4}, new float[] {-1.2f, -0.7f}, FinishReason.LENGTH),
        new Completion("d", new int[] {3}, new float[] {-0.9f}, FinishReason.LENGTH)));
    return new ScoredGroup(g, List.of(Score.of(r0), Score.of(r1)));
  }

  private static float[] trainOnce(boolean drop, List<ScoredGroup> batch, TrainStepResult[] out) {
    try (DecoderPolicy p = SftTrainerTest.policy();
        GrpoTrainer grpo = Trainers.grpo().learningRate(1e-2).klCoefficient(0.1).dropUnanimousGroups(drop)
            .trainer()) {
      out[0] = grpo.step(p, batch);
      return p.model().weights().get("model.embed_tokens.weight").toFloatArray();
    }
  }

  @Test
  void droppedGroupsLeaveTheUpdateOfTheInformativeOnes() {
    ScoredGroup informative = group("1", 1, 0);
    ScoredGroup unanimous = group("2", 1, 1);
    TrainStepResult[] r = new TrainStepResult[1];
    float[] alone = trainOnce(true, List.of(informative), r);
    float[] withDropped = trainOnce(true, List.of(informative, unanimous), r);
    assertThat(withDropped).containsExactly(alone);
    assertThat(r[0].metrics()).containsEntry("sequences", 2.0).containsEntry("groups_dropped", 1.0)
        .containsEntry("advantage_zero_fraction", 0.5);
  }

  @Test
  void keptGroupsAreTrainedOn() {
    TrainStepResult[] r = new TrainStepResult[1];
    trainOnce(false, List.of(group("1", 1, 0), group("2", 1, 1)), r);
    assertThat(r[0].metrics()).containsEntry("sequences", 4.0).containsEntry("groups_dropped", 0.0);
  }
}
