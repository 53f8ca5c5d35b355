package ai.tao.benchmarks.suite;

/**
 * TAO with {@code candidates} per prompt at the suite's number of optimizer steps.
 *
 * @param sampledTokens the tuning compute: tokens sampled over the run (mean over seeds)
 * @param accuracy held-out pass@1 of the tuned model
 * @param tokensPerSecond measured greedy-inference throughput of the tuned model on held-out
 *     prompts (tokens generated per second)
 */
public record ScalingPoint(int candidates, double sampledTokens, Estimate accuracy, double tokensPerSecond) {}
