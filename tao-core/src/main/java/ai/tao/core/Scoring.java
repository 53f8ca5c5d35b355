package ai.tao.core;

import ai.tao.api.Rollout;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import ai.tao.api.Scorer;
import ai.tao.api.ScoringException;
import ai.tao.api.TaoException;
import java.util.List;
import java.util.Objects;

/**
 * Stage 2 for one group: a scorer's scores for a rollout's candidates, checked. The loop scores
 * through it, and so does whatever scores rollouts elsewhere (a cluster's executors), so a failing
 * scorer reads the same wherever it runs.
 *
 * @since 0.5
 */
public final class Scoring {
  private Scoring() {}

  /**
   * The rollout with {@code scorer}'s scores.
   *
   * @throws ScoringException if the scorer throws (a {@link TaoException} it throws passes as it is),
   *     or returns other than one score per candidate; the message names the scorer and the prompt
   */
  public static ScoredRollout score(Scorer scorer, Rollout rollout) {
    Objects.requireNonNull(scorer, "scorer");
    Objects.requireNonNull(rollout, "rollout");
    List<Score> scores;
    try {
      scores = scorer.score(rollout.group());
    } catch (TaoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ScoringException("scorer '" + scorer.name() + "' failed on prompt '" + rollout.prompt().id()
          + "': " + e, e);
    }
    if (scores == null || scores.size() != rollout.size()) {
      throw new ScoringException("scorer '" + scorer.name() + "' returned "
          + (scores == null ? "null" : scores.size() + " scores") + " for " + rollout.size() + " candidates of prompt '"
          + rollout.prompt().id() + "'");
    }
    return new ScoredRollout(rollout, scores);
  }
}
