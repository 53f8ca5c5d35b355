package ai.tao.spark;

import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.ScoredRollout;
import ai.tao.api.Scorer;
import ai.tao.api.TaoException;
import ai.tao.core.Scoring;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.spark.Wire.WirePrompt;
import ai.tao.spark.Wire.WireRollout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.SparkEnv;

/**
 * What an executor does with a {@link ShardTask}: the policy snapshot's rollouts for the shard,
 * sampled as the whole step would sample them ({@link ai.tao.api.Policy#sampleShard}), each scored
 * by the SPI scorer through {@link Scoring}, the loop's own scoring.
 */
final class ShardWork {
  private ShardWork() {}

  static ShardResult run(ShardTask t) {
    String where = where();
    SamplingParams params = t.sampling().toParams();
    List<Prompt> rendered = t.rendered().stream().map(WirePrompt::toPrompt).toList();
    long t0 = System.nanoTime();
    List<Rollout> sampled;
    DecoderPolicy policy = ExecutorCache.borrowPolicy(t.snapshot(), t.maxBatchRows());
    try {
      sampled = policy.sampleShard(rendered, params, t.firstPrompt());
    } catch (TaoException e) {
      // Deterministic (a prompt too long for the model, say): it would fail the same way on any retry.
      return failed(t, where, e, "sampling", System.nanoTime() - t0, 0, new LinkedHashMap<>());
    } finally {
      ExecutorCache.returnPolicy(t.snapshot(), t.maxBatchRows(), policy);
    }
    long t1 = System.nanoTime();
    ArrayList<WireRollout> out = new ArrayList<>(sampled.size());
    Scorer scorer = ExecutorCache.borrowScorer(t.scorer(), t.scorerOptions());
    LinkedHashMap<String, Double> counters;
    try {
      scorer.drainCounters(); // what an earlier task left is not this shard's
      for (int i = 0; i < sampled.size(); i++) {
        Rollout r = sampled.get(i).withPrompt(t.prompts().get(i).toPrompt());
        ScoredRollout scored;
        try {
          scored = Scoring.score(scorer, r);
        } catch (TaoException e) {
          return failed(t, where, e, "scoring", t1 - t0, System.nanoTime() - t1,
              new LinkedHashMap<>(scorer.drainCounters()));
        }
        out.add(WireRollout.of(scored));
      }
      counters = new LinkedHashMap<>(scorer.drainCounters());
    } finally {
      ExecutorCache.returnScorer(t.scorer(), t.scorerOptions(), scorer);
    }
    return new ShardResult(t.shard(), out, null, null, where, t1 - t0, System.nanoTime() - t1, counters);
  }

  private static ShardResult failed(ShardTask t, String where, TaoException e, String stage, long sampleNanos,
      long scoreNanos, LinkedHashMap<String, Double> counters) {
    return new ShardResult(t.shard(), new ArrayList<>(), e.getMessage(), stage + ":" + e.getClass().getSimpleName(),
        where, sampleNanos, scoreNanos, counters);
  }

  private static String where() {
    SparkEnv env = SparkEnv.get();
    return env == null ? "outside Spark"
        : "executor " + env.executorId() + " on " + env.blockManager().blockManagerId().host();
  }
}
