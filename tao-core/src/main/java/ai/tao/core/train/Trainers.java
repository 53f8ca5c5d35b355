package ai.tao.core.train;

/**
 * Entry points for the trainers' builders: {@code Trainers.grpo()...trainer(policy)} for the TAO
 * loop, {@code Trainers.sft()...trainer(policy)} for supervised fine-tuning (base models, labeled
 * baselines), {@code Trainers.rewardModel()...trainer(rewardModel)} for reward models.
 *
 * @since 0.1
 */
public final class Trainers {
  private Trainers() {}

  /** GRPO: the RL trainer of the TAO loop. */
  public static GrpoConfig.Builder grpo() {
    return new GrpoConfig.Builder();
  }

  /** Reward-model training on preference pairs (Bradley–Terry), for a {@link ai.tao.core.reward.RewardModel}. */
  public static ai.tao.core.reward.RewardConfig.Builder rewardModel() {
    return new ai.tao.core.reward.RewardConfig.Builder();
  }

  /** Supervised fine-tuning on labeled (prompt, response) pairs. */
  public static SftConfig.Builder sft() {
    return new SftConfig.Builder();
  }
}
