package ai.tao.rewards.judge;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every mode writes its calls with: the template, the rubric and the score range.
 *
 * @param template the messages with placeholders
 * @param rubric fills {@code {rubric}}
 * @param range the judge's score range: fills {@code {min}} and {@code {max}}, and reads replies
 */
record JudgePrompting(JudgeTemplate template, String rubric, ScoreRange range) {
  JudgePrompting {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(rubric, "rubric");
    Objects.requireNonNull(range, "range");
  }

  /** A call showing the distinct texts {@code shown}, with the mode's own placeholders {@code values}. */
  JudgeCall call(JudgeInput input, Map<String, String> values, int... shown) {
    Map<String, String> all = new HashMap<>(values);
    all.put("rubric", rubric);
    all.put("question", input.question());
    all.put("min", ScoreRange.format(range.min()));
    all.put("max", ScoreRange.format(range.max()));
    JudgeTemplate filled = template.fill(all);
    return new JudgeCall(filled.system(), filled.user(), shown);
  }
}
