package ai.tao.benchmarks.suite;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.benchmarks.demo.ForwardingScorer;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Reward precision, measured beside training and never fed back: a scorer that passes every score
 * through unchanged and, for each group, grades the candidates the reward favours (applicable, and
 * above the group's mean applicable reward) with the gold grader. {@link #endStep()} closes a
 * step's count. A reward that is being gamed shows as precision falling while the reward rises.
 */
final class PrecisionProbe extends ForwardingScorer {
  private final BiPredicate<Prompt, String> correct;
  private long favoured;
  private long favouredCorrect;

  PrecisionProbe(Scorer scorer, BiPredicate<Prompt, String> correct) {
    super(scorer);
    this.correct = correct;
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<Score> scores = delegate.score(group);
    double sum = 0;
    int n = 0;
    for (Score s : scores) {
      if (s.applicable()) {
        sum += s.value();
        n++;
      }
    }
    double mean = n == 0 ? 0 : sum / n;
    for (int i = 0; i < scores.size(); i++) {
      Score s = scores.get(i);
      if (s.applicable() && s.value() > mean + 1e-9) {
        favoured++;
        Completion c = group.candidate(i);
        if (correct.test(group.prompt(), c.text())) {
          favouredCorrect++;
        }
      }
    }
    return scores;
  }

  /** The precision of the step just scored (NaN if no candidate was favoured), and a fresh count. */
  double endStep() {
    double p = favoured == 0 ? Double.NaN : (double) favouredCorrect / favoured;
    favoured = 0;
    favouredCorrect = 0;
    return p;
  }
}
