package ai.tao.benchmarks.demo;

import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.sql.SqlDataset;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.sql.H2Database;
import ai.tao.rewards.sql.SqlCue;
import ai.tao.rewards.sql.SqlExecutionScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses TAO's sampling settings without labels: for each temperature and top-k, samples the base
 * model on the production training prompts (the inputs TAO tunes on, no answers) and reports, under
 * the demo's label-free reward, the share of groups that carry a learning signal (judged candidates
 * that do not all score the same), the mean reward and the answer diversity. GRPO learns only from
 * groups with signal, so the setting with the most of them, at a reward that has not collapsed, is
 * the one to use. Neither gold SQL nor any held-out question is read.
 *
 * <p>Usage: {@code ExploreSampling [prompts] [candidates]} (defaults 100 and 16).
 */
public final class ExploreSampling {
  private ExploreSampling() {}

  public static void main(String[] args) throws Exception {
    int promptCount = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
    List<SqlCue> cues = DemoScorers.cues(data).cues();
    List<Prompt> prompts = data.prodTrainPrompts().subList(0, promptCount);
    System.out.println("| temperature | top-k | groups with signal | mean reward | answer diversity |");
    System.out.println("|---|---|---|---|---|");
    Path dir = Files.createTempDirectory("tao-explore");
    try (H2Database db = H2Database.fromScript(data.schema().script());
        DecoderPolicy base = DemoModel.loadBase(dir);
        SqlExecutionScorer exec = Scorers.sqlExecution().database(db).build();
        Scorer reward = DemoScorers.BOTH.create(exec, data.schema(), cues)) {
      for (double t : new double[] {1.0, 1.5, 2.0}) {
        for (int k : new int[] {0, 3, 5}) {
          SamplingParams p = SamplingParams.builder().candidatesPerPrompt(n).temperature(t).topK(k)
              .maxNewTokens(DemoConfig.MAX_SQL_TOKENS).stopStrings(List.of("\n")).seed(17).build();
          int signal = 0;
          double rewardSum = 0;
          int judged = 0;
          double diversity = 0;
          for (Rollout r : base.sample(prompts, p)) {
            List<Score> scores = reward.score(r.group());
            Set<Double> values = new HashSet<>();
            for (Score s : scores) {
              if (s.applicable()) {
                values.add(s.value());
                rewardSum += s.value();
                judged++;
              }
            }
            signal += values.size() > 1 ? 1 : 0;
            diversity += r.completions().stream().map(c -> c.text().strip()).distinct().count() / (double) n;
          }
          System.out.printf(Locale.ROOT, "| %.1f | %s | %.3f | %.3f | %.3f |%n", t, k == 0 ? "off" : k,
              signal / (double) prompts.size(), rewardSum / Math.max(1, judged), diversity / prompts.size());
        }
      }
    }
  }
}
