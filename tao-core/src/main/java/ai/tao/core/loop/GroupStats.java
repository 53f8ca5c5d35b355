package ai.tao.core.loop;

import ai.tao.api.Completion;
import ai.tao.api.ScoredGroup;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reward and diversity statistics of a batch of scored groups, for the step's metrics. */
public final class GroupStats {
  private GroupStats() {}

  public static Map<String, Double> of(Iterable<ScoredGroup> groups, double sampleSeconds) {
    double sum = 0;
    double sq = 0;
    int n = 0;
    double diversity = 0;
    int groupsSeen = 0;
    long tokens = 0;
    for (ScoredGroup g : groups) {
      Set<String> distinct = new HashSet<>();
      for (Completion c : g.group().candidates()) {
        distinct.add(c.text().strip());
        tokens += c.length();
      }
      diversity += distinct.size() / (double) g.size();
      groupsSeen++;
      for (double v : g.values()) {
        sum += v;
        sq += v * v;
        n++;
      }
    }
    double mean = n == 0 ? 0 : sum / n;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("reward_mean", mean);
    m.put("reward_std", n == 0 ? 0 : Math.sqrt(Math.max(0, sq / n - mean * mean)));
    m.put("answer_diversity", groupsSeen == 0 ? 0 : diversity / groupsSeen);
    m.put("sampled_tokens", (double) tokens);
    m.put("tokens_per_s", sampleSeconds > 0 ? tokens / sampleSeconds : 0);
    return m;
  }
}
