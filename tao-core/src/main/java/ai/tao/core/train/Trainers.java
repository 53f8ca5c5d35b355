package ai.tao.core.train;

/**
 * Entry points for the trainers' builders: {@code Trainers.grpo()...trainer(policy)} for the TAO
 * loop, {@code Trainers.sft()...trainer(policy)} for supervised fine-tuning (base models, labeled
 * baselines).
 *
 * @since 0.1
 */
public final class Trainers {
  private Trainers() {}

  /** GRPO: the RL trainer of the TAO loop. */
  public static GrpoConfig.Builder grpo() {
    return new GrpoConfig.Builder();
  }

  /** Supervised fine-tuning on labeled (prompt, response) pairs. */
  public static SftConfig.Builder sft() {
    return new SftConfig.Builder();
  }
}
