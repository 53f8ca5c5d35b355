package ai.tao.benchmarks.demo;

import ai.tao.api.*;
import ai.tao.benchmarks.sql.*;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.rewards.H2Database;
import java.nio.file.*;
import java.util.*;

public final class Diagnose {
  public static void main(String[] args) throws Exception {
    SqlDataset data = SqlDataset.generate(DemoConfig.DATA_SEED);
    List<SqlTask> heldout = data.prodHeldout();
    try (SqlEvaluator eval = SqlEvaluator.open(data.schema());
        H2Database db = H2Database.fromScript(data.schema().script());
        DecoderPolicy base = DemoModel.loadBase(Files.createTempDirectory("diag"))) {
      Scorer both = DemoScorers.BOTH.create(db, data.schema());
      Scorer ground = DemoScorers.GROUNDING_ONLY.create(db, data.schema());
      List<String> greedy = SqlRuns.predict(base, heldout);
      int shown = 0;
      for (int i = 0; i < heldout.size() && shown < 25; i++) {
        if (!eval.isCorrect(greedy.get(i), heldout.get(i))) {
          System.out.println("Q: " + heldout.get(i).question() + "\n  gold: " + heldout.get(i).goldSql() + "\n  pred: " + greedy.get(i));
          shown++;
        }
      }
      for (double temp : new double[] {0.7, 1.0, 1.3}) {
        SamplingParams p = SamplingParams.builder().temperature(temp).candidatesPerPrompt(8).maxNewTokens(128)
            .stopStrings(List.of("\n")).seed(3).build();
        List<List<Completion>> out = base.sample(SqlDataset.prompts(heldout), p);
        int anyCorrect = 0, correct = 0, n = 0, groundedN = 0, rewardCorrect = 0, rewarded = 0;
        double distinct = 0;
        for (int i = 0; i < heldout.size(); i++) {
          boolean any = false;
          Set<String> d = new HashSet<>();
          CandidateGroup g = new CandidateGroup(Prompt.ofText(heldout.get(i).id(), SqlPromptFormat.render(heldout.get(i).question())), out.get(i));
          List<Score> s = both.score(g);
          List<Score> gs = ground.score(g);
          for (int k = 0; k < out.get(i).size(); k++) {
            String sql = SqlPromptFormat.extractSql(out.get(i).get(k).text());
            d.add(sql);
            boolean ok = eval.isCorrect(sql, heldout.get(i));
            any |= ok; correct += ok ? 1 : 0; n++;
            if (gs.get(k).value() > 0.99) groundedN++;
            if (s.get(k).value() > 0.5) { rewarded++; if (ok) rewardCorrect++; }
          }
          anyCorrect += any ? 1 : 0;
          distinct += d.size() / 8.0;
        }
        System.out.printf(Locale.ROOT, "T=%.1f sample-acc %.3f pass@8 %.3f distinct %.2f grounded %.3f rewarded %d (correct among rewarded %.3f)%n",
            temp, correct / (double) n, anyCorrect / (double) heldout.size(), distinct / heldout.size(), groundedN / (double) n, rewarded, rewardCorrect / (double) Math.max(1, rewarded));
      }
    }
  }
}
