package ai.tao.rewards.judge;

import ai.tao.api.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Pointwise judging: one call per distinct candidate, the rubric's {@code Score: N} normalised to
 * [0, 1]. Component {@code judge} is the normalised score. A reply without a score in range makes
 * the candidate not applicable.
 */
final class PointwiseJudging implements Judging {
  private final JudgePrompting prompting;

  PointwiseJudging(JudgePrompting prompting) {
    this.prompting = prompting;
  }

  @Override
  public List<JudgeCall> plan(JudgeInput input) {
    List<JudgeCall> calls = new ArrayList<>(input.texts().size());
    for (int i = 0; i < input.texts().size(); i++) {
      calls.add(prompting.call(input, Map.of("candidate", input.texts().get(i)), i));
    }
    return calls;
  }

  @Override
  public Combined combine(JudgeInput input, List<JudgeCall> calls, List<JudgeOutcome> outcomes) {
    ScoreRange range = prompting.range();
    List<Score> scores = new ArrayList<>(calls.size());
    int unparseable = 0;
    for (JudgeOutcome outcome : outcomes) {
      if (outcome.reply().isEmpty()) {
        scores.add(Score.notApplicable(outcome.reason()));
        continue;
      }
      String reply = outcome.reply().get();
      OptionalDouble value = ReplyParsers.score(reply, range);
      if (value.isEmpty()) {
        unparseable++;
        scores.add(Score.notApplicable("judge reply has no \"Score: N\" with N in " + range + ": '"
            + ReplyParsers.snippet(reply) + "'"));
      } else {
        scores.add(Score.of(value.getAsDouble(), Map.of("judge", value.getAsDouble())));
      }
    }
    return new Combined(scores, unparseable);
  }
}
