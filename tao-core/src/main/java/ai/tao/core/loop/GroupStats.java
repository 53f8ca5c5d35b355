package ai.tao.core.loop;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.Scorer;
import ai.tao.api.StepMetrics;
import ai.tao.api.TrainStepResult;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/** Reward, diversity and truncation statistics of a step's scored rollouts, into its {@link StepMetrics}. */
public final class GroupStats {
  private GroupStats() {}

  /** The step's metrics without answers from a scorer (whole texts are compared) and without scorer counters. */
  public static StepMetrics of(int round, int step, List<ScoredRollout> rollouts, double sampleSeconds,
      TrainStepResult train) {
    return of(round, step, rollouts, sampleSeconds, train, new Scorer() {
      @Override
      public String name() {
        return "none";
      }

      @Override
      public List<Score> score(ai.tao.api.CandidateGroup group) {
        throw new UnsupportedOperationException("statistics only");
      }
    }, Map.of());
  }

  /**
   * The step's metrics. Not-applicable scores are left out of the reward mean, its spread and the
   * component means.
   *
   * @param sampleSeconds wall time of sampling
   * @param scorer the step's scorer, asked for each candidate's answer ({@link Scorer#answerOf})
   * @param scorerCounters what the scorer counted during the step
   */
  public static StepMetrics of(int round, int step, List<ScoredRollout> rollouts, double sampleSeconds,
      TrainStepResult train, Scorer scorer, Map<String, Double> scorerCounters) {
    double sum = 0;
    double sq = 0;
    int judged = 0;
    int candidates = 0;
    int truncated = 0;
    double diversity = 0;
    long tokens = 0;
    Map<String, double[]> components = new TreeMap<>(); // by name: a stable order in metric files
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
          s.components().forEach((k, v) -> {
            double[] acc = components.computeIfAbsent(k, x -> new double[2]);
            acc[0] += v;
            acc[1]++;
          });
        }
      }
    }
    Map<String, Double> componentMeans = new LinkedHashMap<>();
    components.forEach((k, acc) -> componentMeans.put(k, acc[0] / acc[1]));
    double mean = judged == 0 ? 0 : sum / judged;
    return new StepMetrics(round, step, judged == 0 ? OptionalDouble.empty() : OptionalDouble.of(mean),
        judged == 0 ? 0 : Math.sqrt(Math.max(0, sq / judged - mean * mean)),
        candidates == 0 ? 0 : judged / (double) candidates,
        rollouts.isEmpty() ? 1 : diversity / rollouts.size(),
        candidates == 0 ? 0 : truncated / (double) candidates, tokens, sampleSeconds, train,
        sharedAnswerFraction(rollouts, scorer), componentMeans, scorerCounters);
  }

  /**
   * The share of groups whose majority answer is the most common majority answer; empty with fewer
   * than 2 distinct prompts (a prompt sampled twice in a step counts once: the same question may
   * well get the same answer). Ties within a group go to the lexicographically first answer, so
   * the value does not depend on sampling order.
   */
  static OptionalDouble sharedAnswerFraction(List<ScoredRollout> rollouts, Scorer scorer) {
    Map<String, Integer> majorities = new HashMap<>();
    Set<String> questions = new HashSet<>();
    for (ScoredRollout r : rollouts) {
      if (!questions.add(r.rollout().prompt().id())) {
        continue;
      }
      Map<String, Integer> votes = new TreeMap<>();
      for (Completion c : r.rollout().completions()) {
        String answer = scorer.answerOf(r.rollout().prompt(), c).orElseGet(() -> c.text().strip().replaceAll("\\s+", " "));
        votes.merge(answer, 1, Integer::sum);
      }
      String majority = votes.entrySet().stream().max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)
          .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow().getKey();
      majorities.merge(majority, 1, Integer::sum);
    }
    if (questions.size() < 2) {
      return OptionalDouble.empty();
    }
    int top = majorities.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return OptionalDouble.of(top / (double) questions.size());
  }
}
