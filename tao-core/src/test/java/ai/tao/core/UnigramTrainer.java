package ai.tao.core;

import ai.tao.api.Completion;
import ai.tao.api.Policy;
import ai.tao.api.ScoredRollout;
import ai.tao.api.TrainStepResult;
import ai.tao.api.Trainer;
import ai.tao.core.train.AdvantageEstimator;
import java.util.List;

/**
 * Plain policy gradient on a {@link UnigramPolicy}'s logits: each candidate's letters pushed up or
 * down by its group-normalised advantage. Reports the KL of the current letter distribution to the
 * one it started from.
 */
public final class UnigramTrainer implements Trainer {
  private final UnigramPolicy policy;
  private final double lr;
  private final double[] start;
  /** How often the loop said it rolled the policy back. */
  int rollbacks;

  public UnigramTrainer(UnigramPolicy policy, double lr) {
    this.policy = policy;
    this.lr = lr;
    this.start = policy.probs(1.0);
  }

  @Override
  public String name() {
    return "unigram-pg";
  }

  @Override
  public Policy policy() {
    return policy;
  }

  @Override
  public boolean reportsKl() {
    return true;
  }

  @Override
  public TrainStepResult step(List<ScoredRollout> batch) {
    double[] grad = new double[UnigramPolicy.LETTERS];
    int tokens = 0;
    for (ScoredRollout s : batch) {
      double[] adv = AdvantageEstimator.groupNormalized().advantages(s.valuesOrNaN(), s.applicableMask());
      double[] p = policy.probs(s.rollout().logProbTemperature());
      for (int i = 0; i < adv.length; i++) {
        Completion c = s.rollout().completion(i);
        for (int id : c.tokenIds()) {
          for (int k = 0; k < grad.length; k++) {
            grad[k] += adv[i] * ((k == id ? 1 : 0) - p[k]);
          }
          tokens++;
        }
      }
    }
    for (int k = 0; k < grad.length; k++) {
      policy.logits[k] += lr * grad[k] / Math.max(1, tokens);
    }
    double[] now = policy.probs(1.0);
    double kl = 0;
    for (int k = 0; k < now.length; k++) {
      kl += now[k] * Math.log(now[k] / start[k]);
    }
    return TrainStepResult.ran().loss(0).kl(kl).gradNorm(0).sequences(batch.size()).tokens(tokens).build();
  }

  @Override
  public void rolledBack() {
    rollbacks++;
  }

  @Override
  public void close() {}
}
