package ai.tao.core.generate;

/**
 * Entry points for generators.
 *
 * @since 0.1
 */
public final class Generators {
  private Generators() {}

  /** Temperature sampling of a group of candidates per prompt. */
  public static SamplingGenerator.Builder sampling() {
    return new SamplingGenerator.Builder();
  }

  /** One generator per task, chosen by a prompt metadata key; see {@link RouterGenerator}. */
  public static RouterGenerator.Builder router() {
    return new RouterGenerator.Builder();
  }
}
