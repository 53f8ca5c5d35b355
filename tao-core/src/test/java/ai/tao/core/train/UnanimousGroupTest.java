package ai.tao.core.train;

import static ai.tao.core.TestRollouts.completion;
import static ai.tao.core.TestRollouts.rollout;
import static ai.tao.core.TestRollouts.scored;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.FinishReason;
import ai.tao.api.ScoredRollout;
import ai.tao.api.TrainStepResult;
import ai.tao.core.policy.DecoderPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unanimous groups (all advantages zero) are left out of the gradient pass unless asked to keep them. */
class UnanimousGroupTest {
  private static ScoredRollout group(String id, double r0, double r1) {
    return scored(rollout(id, "ab", new int[] {8, 0, 1}, 1.0, completion(FinishReason.LENGTH, 2, 4),
        completion(FinishReason.LENGTH, 3)), r0, r1);
  }

  private static float[] trainOnce(boolean drop, List<ScoredRollout> batch, TrainStepResult[] out) {
    try (DecoderPolicy p = SftTrainerTest.policy();
        GrpoTrainer grpo = Trainers.grpo().learningRate(1e-2).klCoefficient(0.1).dropUnanimousGroups(drop)
            .trainer(p)) {
      out[0] = grpo.step(batch);
      return p.model().weights().get("model.embed_tokens.weight").toFloatArray();
    }
  }

  @Test
  void droppedGroupsLeaveTheUpdateOfTheInformativeOnes() {
    TrainStepResult[] r = new TrainStepResult[1];
    float[] alone = trainOnce(true, List.of(group("1", 1, 0)), r);
    float[] withDropped = trainOnce(true, List.of(group("1", 1, 0), group("2", 1, 1)), r);
    assertThat(withDropped).containsExactly(alone);
    assertThat(r[0].sequences()).isEqualTo(2);
    assertThat(r[0].extras()).containsEntry("groups_dropped", 1.0).containsEntry("advantage_zero_fraction", 0.5);
  }

  @Test
  void keptGroupsAreTrainedOn() {
    TrainStepResult[] r = new TrainStepResult[1];
    trainOnce(false, List.of(group("1", 1, 0), group("2", 1, 1)), r);
    assertThat(r[0].sequences()).isEqualTo(4);
    assertThat(r[0].extras()).containsEntry("groups_dropped", 0.0);
  }
}
