package ai.tao.core;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import java.util.ArrayList;
import java.util.List;

/** Hand-made rollouts for trainer tests. */
public final class TestRollouts {
  private TestRollouts() {}

  /** A completion of the given tokens, each sampled with log-probability −1. */
  public static Completion completion(FinishReason finish, int... ids) {
    float[] lps = new float[ids.length];
    java.util.Arrays.fill(lps, -1f);
    return new Completion("t" + ids.length, ids, lps, finish);
  }

  /** A rollout of prompt text {@code text} fed as {@code promptIds}, sampled at {@code temperature}. */
  public static Rollout rollout(String id, String text, int[] promptIds, double temperature, Completion... cs) {
    SamplingParams p = SamplingParams.builder().temperature(temperature).candidatesPerPrompt(cs.length).build();
    return new Rollout(Prompt.ofText(id, text), promptIds, p, List.of(cs));
  }

  /** The rollout with one applicable score per candidate. */
  public static ScoredRollout scored(Rollout r, double... values) {
    List<Score> s = new ArrayList<>();
    for (double v : values) {
      s.add(Score.of(v));
    }
    return new ScoredRollout(r, s);
  }
}
