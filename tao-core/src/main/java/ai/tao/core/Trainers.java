package ai.tao.core.train;

/**
 * Entry points for the trainers' builders.
 *
 * @since 0.1
 */
public final class Trainers {
  private Trainers() {}

  /** GRPO: the RL trainer of the TAO loop. */
  public static GrpoConfig.Builder grpo() {
    return new GrpoConfig.Builder();
  }
}
