package ai.tao.core.loop;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.StepMetrics;
import ai.tao.api.TrainStepResult;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/** Reward, diversity and truncation statistics of a step's scored rollouts, into its {@link StepMetrics}. */
public final class GroupStats {
  private GroupStats() {}

  /**
   * The step's metrics. Not-applicable scores are left out of the reward mean and spread.
   *
   * @param sampleSeconds wall time of sampling
   */
  public static StepMetrics of(int round, int step, List<ScoredRollout> rollouts, double sampleSeconds,
      TrainStepResult train) {
    double sum = 0;
    double sq = 0;
    int judged = 0;
    int candidates = 0;
    int truncated = 0;
    double diversity = 0;
    long tokens = 0;
    for (ScoredRollout r : rollouts) {
      Set<String> distinct = new HashSet<>();
      for (Completion c : r.rollout().completions()) {
        distinct.add(c.text().strip());
        tokens += c.length();
        candidates++;
        if (c.finishReason() == FinishReason.LENGTH) {
          truncated++;
        }
      }
      diversity += distinct.size() / (double) r.size();
      for (Score s : r.scores()) {
        if (s.applicable()) {
          sum += s.value();
          sq += s.value() * s.value();
          judged++;
        }
      }
    }
    double mean = judged == 0 ? 0 : sum / judged;
    return new StepMetrics(round, step, judged == 0 ? OptionalDouble.empty() : OptionalDouble.of(mean),
        judged == 0 ? 0 : Math.sqrt(Math.max(0, sq / judged - mean * mean)),
        candidates == 0 ? 0 : judged / (double) candidates,
        rollouts.isEmpty() ? 1 : diversity / rollouts.size(),
        candidates == 0 ? 0 : truncated / (double) candidates, tokens, sampleSeconds, train);
  }
}
