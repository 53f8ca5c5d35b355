package ai.tao.rewards.judge;

import ai.tao.api.Score;
import java.util.List;

/**
 * A judge mode as a strategy in two halves: which calls to make for a group, and how their outcomes
 * become scores. The scorer runs the calls in between (cache, budget, concurrency, retries), so a
 * mode never sees the network.
 */
interface Judging {

  /** The calls to make for {@code input}; deterministic in {@code input}. */
  List<JudgeCall> plan(JudgeInput input);

  /**
   * One score per distinct text of {@code input}, from the outcome of each planned call
   * ({@code outcomes.get(i)} answers {@code calls.get(i)}).
   */
  Combined combine(JudgeInput input, List<JudgeCall> calls, List<JudgeOutcome> outcomes);

  /**
   * Scores of the distinct texts and how many replies could not be read.
   *
   * @param scores one per distinct text
   * @param unparseable replies that gave no verdict in the expected format
   */
  record Combined(List<Score> scores, int unparseable) {
    public Combined {
      scores = List.copyOf(scores);
    }
  }
}
