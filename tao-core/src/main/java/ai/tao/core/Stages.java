package ai.tao.core;

import ai.tao.api.GenerationException;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.ScoringException;
import ai.tao.api.TaoException;
import ai.tao.api.TrainStepResult;
import ai.tao.api.TrainingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The three stages of a step as the loop calls them: a failure of a part that is not a {@link
 * TaoException} is wrapped in one naming the part, the round and the step.
 */
final class Stages {
  private Stages() {}

  static List<Rollout> generate(TuneRequest req, List<Prompt> batch, long seed, int round, int step) {
    try {
      return req.generator().generate(req.policy(), batch, seed);
    } catch (TaoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GenerationException("sampling from policy '" + req.policy().name() + "' failed at round "
          + (round + 1) + " step " + (step + 1) + ": " + e, e);
    }
  }

  static TrainStepResult train(TuneRequest req, List<ScoredRollout> scored, int round, int step) {
    try {
      return req.trainer().step(scored);
    } catch (TaoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TrainingException("trainer '" + req.trainer().name() + "' failed at round " + (round + 1)
          + " step " + (step + 1) + ": " + e, e);
    }
  }

  static List<ScoredRollout> score(TuneRequest req, List<Rollout> rollouts) {
    List<ScoredRollout> out = new ArrayList<>(rollouts.size());
    for (Rollout r : rollouts) {
      List<Score> scores;
      try {
        scores = req.scorer().score(r.group());
      } catch (TaoException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ScoringException("scorer '" + req.scorer().name() + "' failed on prompt '" + r.prompt().id()
            + "': " + e, e);
      }
      if (scores == null || scores.size() != r.size()) {
        throw new ScoringException("scorer '" + req.scorer().name() + "' returned "
            + (scores == null ? "null" : scores.size() + " scores") + " for " + r.size() + " candidates of prompt '"
            + r.prompt().id() + "'");
      }
      out.add(new ScoredRollout(r, scores));
    }
    return out;
  }
}
