package ai.tao.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one step of the loop measured: the rewards and diversity of what was sampled, and what the
 * trainer did with it. The fields the loop and its guards depend on are typed; a trainer's extras
 * ride along in {@link TrainStepResult#extras()}.
 *
 * @param round 0-based round index
 * @param step 0-based step index within the round
 * @param rewardMean mean score of the judged candidates; empty when no candidate could be judged
 *     (not-applicable scores are left out, never counted as 0)
 * @param rewardStd population standard deviation of the judged candidates' scores (0 when none)
 * @param judgedFraction fraction of candidates whose score is applicable
 * @param answerDiversity mean over rollouts of distinct completion texts / candidates, in (0, 1]
 * @param truncatedFraction fraction of candidates that hit {@code maxNewTokens} ({@link
 *     FinishReason#LENGTH}): truncated answers
 * @param sampledTokens completion tokens sampled in this step
 * @param sampleSeconds wall time of sampling
 * @param train what the trainer did
 * @param sharedAnswerFraction the question-independence signal: each group's majority answer (as
 *     the scorer {@linkplain Scorer#answerOf extracts} it, else the whole completion text) is taken,
 *     and this is the share of the step's groups whose majority answer is the most common one among
 *     them. Near {@code 1/groups} while answers follow the questions; 1 when one answer is given to
 *     every question (the collapse of majority-vote self-training). Empty with fewer than 2 groups
 * @param componentMeans mean of each named score component over the judged candidates that carry
 *     it, so that the parts of a composite score can be followed step by step
 * @param scorerCounters what the scorer counted during the step ({@link Scorer#drainCounters()}):
 *     calls, tokens, cost, cache hits, failures
 * @since 0.2
 */
public record StepMetrics(int round, int step, OptionalDouble rewardMean, double rewardStd, double judgedFraction,
    double answerDiversity, double truncatedFraction, long sampledTokens, double sampleSeconds,
    TrainStepResult train, OptionalDouble sharedAnswerFraction, Map<String, Double> componentMeans,
    Map<String, Double> scorerCounters) {

  /** Metrics without the question-independence signal, components or scorer counters. */
  public StepMetrics(int round, int step, OptionalDouble rewardMean, double rewardStd, double judgedFraction,
      double answerDiversity, double truncatedFraction, long sampledTokens, double sampleSeconds,
      TrainStepResult train) {
    this(round, step, rewardMean, rewardStd, judgedFraction, answerDiversity, truncatedFraction, sampledTokens,
        sampleSeconds, train, OptionalDouble.empty(), Map.of(), Map.of());
  }

  /**
   * @throws ConfigurationException if an index or a count is negative or a fraction lies outside [0, 1]
   */
  public StepMetrics {
    Objects.requireNonNull(rewardMean, "rewardMean");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(sharedAnswerFraction, "sharedAnswerFraction");
    componentMeans = Copies.orderedMap(componentMeans, "componentMeans");
    scorerCounters = Copies.orderedMap(scorerCounters, "scorerCounters");
    if (round < 0 || step < 0 || sampledTokens < 0 || !(sampleSeconds >= 0)) {
      throw new ConfigurationException("step metrics need round, step, sampledTokens and sampleSeconds >= 0, got "
          + round + ", " + step + ", " + sampledTokens + ", " + sampleSeconds);
    }
    double shared = sharedAnswerFraction.orElse(0);
    if (!(shared >= 0 && shared <= 1)) {
      throw new ConfigurationException("sharedAnswerFraction must lie in [0, 1], got " + shared);
    }
    for (double f : new double[] {judgedFraction, answerDiversity, truncatedFraction}) {
      if (!(f >= 0 && f <= 1)) {
        throw new ConfigurationException("judgedFraction, answerDiversity and truncatedFraction must lie in [0, 1],"
            + " got " + judgedFraction + ", " + answerDiversity + ", " + truncatedFraction);
      }
    }
  }

  /** Sampled completion tokens per second. */
  public double sampleTokensPerSecond() {
    return sampleSeconds > 0 ? sampledTokens / sampleSeconds : 0;
  }

  /** Every value under a stable name (round and step excluded), for metric files and logs. */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    rewardMean.ifPresent(v -> m.put("reward_mean", v));
    m.put("reward_std", rewardStd);
    m.put("judged_fraction", judgedFraction);
    m.put("answer_diversity", answerDiversity);
    m.put("truncated_fraction", truncatedFraction);
    m.put("sampled_tokens", (double) sampledTokens);
    m.put("tokens_per_s", sampleTokensPerSecond());
    sharedAnswerFraction.ifPresent(v -> m.put("shared_answer_fraction", v));
    m.putAll(train.toMap());
    componentMeans.forEach((k, v) -> m.put("component." + k, v));
    scorerCounters.forEach((k, v) -> m.put("scorer." + k, v));
    return m;
  }
}
