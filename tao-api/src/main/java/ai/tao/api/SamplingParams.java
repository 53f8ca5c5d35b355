package ai.tao.api;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link Policy} samples completions. Build with {@link #builder()}; every default is
 * documented once, on the corresponding {@link Builder} field.
 *
 * @param temperature softmax temperature; 0 means greedy decoding
 * @param topK keep only the {@code topK} most likely tokens; 0 turns the filter off
 * @param topP nucleus sampling mass, in (0, 1]; 1 turns the filter off
 * @param maxNewTokens most tokens generated per completion, prompt excluded
 * @param stopStrings generation stops once the decoded text contains one of these
 * @param seed seed of the sampling random stream
 * @param candidatesPerPrompt completions sampled for each prompt (the GRPO group size)
 * @since 0.1
 */
public record SamplingParams(
    double temperature,
    int topK,
    double topP,
    int maxNewTokens,
    List<String> stopStrings,
    long seed,
    int candidatesPerPrompt) {

  /**
   * @throws ConfigurationException naming the field and value that break a rule
   */
  public SamplingParams {
    if (!(temperature >= 0.0) || Double.isInfinite(temperature)) {
      throw new ConfigurationException(
          "temperature must be finite and >= 0 (0 means greedy), got " + temperature);
    }
    if (topK < 0) {
      throw new ConfigurationException("topK must be >= 0 (0 turns it off), got " + topK);
    }
    if (!(topP > 0.0 && topP <= 1.0)) {
      throw new ConfigurationException("topP must be in (0, 1] (1 turns it off), got " + topP);
    }
    if (maxNewTokens <= 0) {
      throw new ConfigurationException("maxNewTokens must be > 0, got " + maxNewTokens);
    }
    if (candidatesPerPrompt <= 0) {
      throw new ConfigurationException(
          "candidatesPerPrompt must be > 0, got " + candidatesPerPrompt);
    }
    stopStrings = Copies.list(stopStrings, "stopStrings");
    for (int i = 0; i < stopStrings.size(); i++) {
      if (stopStrings.get(i).isEmpty()) {
        throw new ConfigurationException(
            "stopStrings[" + i + "] is empty: an empty stop string would stop every completion"
                + " before its first token");
      }
    }
    if (temperature == 0.0 && candidatesPerPrompt > 1) {
      throw new ConfigurationException(
          "temperature 0.0 (greedy) with candidatesPerPrompt " + candidatesPerPrompt
              + " would sample " + candidatesPerPrompt + " identical candidates, which GRPO cannot"
              + " learn from: use a temperature > 0 or candidatesPerPrompt 1");
    }
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return new Builder()
        .temperature(temperature)
        .topK(topK)
        .topP(topP)
        .maxNewTokens(maxNewTokens)
        .stopStrings(stopStrings)
        .seed(seed)
        .candidatesPerPrompt(candidatesPerPrompt);
  }

  /** Whether decoding is greedy (temperature 0): the most likely token every step. */
  public boolean greedy() {
    return temperature == 0.0;
  }

  /**
   * Fluent builder for {@link SamplingParams}; {@link #build()} validates.
   *
   * @since 0.1
   */
  public static final class Builder {
    /**
     * Softmax temperature. Default 1.0: the model's own distribution, which keeps candidates in a
     * group diverse enough for GRPO to tell them apart. 0 means greedy.
     */
    private double temperature = 1.0;

    /** Top-k filter. Default 0 (off): temperature and top-p alone shape the distribution. */
    private int topK = 0;

    /** Nucleus (top-p) mass in (0, 1]. Default 1.0 (off). */
    private double topP = 1.0;

    /**
     * Most generated tokens per completion, prompt excluded. Default 64: small enough for fast
     * rounds on a small model. Raise it for long answers; watch {@link
     * StepMetrics#truncatedFraction()} ({@code truncated_fraction} in the metrics file), the share of
     * candidates that hit it: the loop warns when it passes a quarter, and GRPO can leave truncated
     * candidates out of the loss ({@code maskTruncated}).
     */
    private int maxNewTokens = 64;

    /** Strings that end a completion. Default none: only EOS and maxNewTokens stop generation. */
    private List<String> stopStrings = List.of();

    /** Seed of the sampling random stream. Default 0, so runs are reproducible unless changed. */
    private long seed = 0L;

    /**
     * Completions per prompt, the GRPO group size. Default 1, which suits evaluation; training needs
     * at least 2 (GRPO learns from differences within a group), usually 4 to 16.
     */
    private int candidatesPerPrompt = 1;

    private Builder() {}

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    public Builder maxNewTokens(int maxNewTokens) {
      this.maxNewTokens = maxNewTokens;
      return this;
    }

    public Builder stopStrings(List<String> stopStrings) {
      this.stopStrings = Copies.list(stopStrings, "stopStrings");
      return this;
    }

    public Builder stopStrings(String... stopStrings) {
      return stopStrings(List.of(Objects.requireNonNull(stopStrings, "stopStrings")));
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder candidatesPerPrompt(int candidatesPerPrompt) {
      this.candidatesPerPrompt = candidatesPerPrompt;
      return this;
    }

    /**
     * @throws ConfigurationException naming the field and value that break a rule
     */
    public SamplingParams build() {
      return new SamplingParams(
          temperature, topK, topP, maxNewTokens, stopStrings, seed, candidatesPerPrompt);
    }
  }
}
