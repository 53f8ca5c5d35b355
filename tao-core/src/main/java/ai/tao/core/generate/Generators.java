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

  /**
   * Temperature sampling as {@code params} describe it: group size, temperature, top-k, top-p,
   * answer budget and stop strings ({@code params}' seed is not used: the loop seeds each step).
   *
   * @since 0.5
   */
  public static SamplingGenerator.Builder sampling(ai.tao.api.SamplingParams params) {
    java.util.Objects.requireNonNull(params, "params");
    return sampling().candidatesPerPrompt(params.candidatesPerPrompt()).temperature(params.temperature())
        .topK(params.topK()).topP(params.topP()).maxNewTokens(params.maxNewTokens()).stopStrings(params.stopStrings());
  }

  /** One generator per task, chosen by a prompt metadata key; see {@link RouterGenerator}. */
  public static RouterGenerator.Builder router() {
    return new RouterGenerator.Builder();
  }
}
