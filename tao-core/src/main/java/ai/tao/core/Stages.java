package ai.tao.core;

import ai.tao.api.GenerationException;
import ai.tao.api.Generator;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.ScoredRollout;
import ai.tao.api.ScoringGenerator;
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

  /** Samples and scores the batch in one call, where the generator scores where it samples ({@link Generator#scoring()}). */
  static List<ScoredRollout> generateScored(TuneRequest req, ScoringGenerator scoring, List<Prompt> batch, long seed,
      int round, int step) {
    List<ScoredRollout> scored;
    try {
      scored = scoring.generateScored(req.policy(), batch, seed);
    } catch (TaoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GenerationException("sampling and scoring from policy '" + req.policy().name() + "' failed at round "
          + (round + 1) + " step " + (step + 1) + ": " + e, e);
    }
    if (scored == null || scored.size() != batch.size()) {
      throw new GenerationException("generator returned " + (scored == null ? "null" : scored.size() + " scored rollouts")
          + " for " + batch.size() + " prompts at round " + (round + 1) + " step " + (step + 1));
    }
    return scored;
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
      out.add(Scoring.score(req.scorer(), r));
    }
    return out;
  }
}
