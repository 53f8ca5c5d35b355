package ai.tao.rewards.judge;

import ai.tao.api.Score;
import ai.tao.rewards.judge.ReplyParsers.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pairwise judging: each pair of distinct candidates asked in both orders (A/B, then B/A), so a judge
 * that prefers a position cannot hand out wins by it. Both orders must name the same candidate for a
 * win; a disagreement or a tie in either order makes the pair a tie. A candidate's score is its win
 * rate over its pairs, a tie counting half; components {@code wins}, {@code ties}, {@code losses}
 * and {@code pairs}.
 *
 * <p><b>Pairing, and the calls it costs.</b> The distinct texts (sorted, so the pairing does not
 * depend on sampling order) stand on a ring, and each is paired with the texts {@code 1..offsets}
 * places further on. That is every pair (round robin) when there are at most {@code 2·offsets + 1}
 * texts, and otherwise {@code n·offsets} pairs in which every text meets {@code 2·offsets} others.
 * Calls are twice the pairs: with the default {@code offsets = 2}, 4 candidates cost 12 calls, 8
 * cost 32 (round robin would cost 56), 16 cost 64.
 *
 * <p>A pair counts only when both of its calls gave a readable verdict; a candidate none of whose
 * pairs counts is not applicable, with the reason of its first failed call.
 */
final class PairwiseJudging implements Judging {
  private final JudgePrompting prompting;
  private final int offsets;

  PairwiseJudging(JudgePrompting prompting, int offsets) {
    this.prompting = prompting;
    this.offsets = offsets;
  }

  /** The pairs {@code {i, j}} with {@code i < j} of {@code n} texts on the ring; in a fixed order. */
  static List<int[]> pairs(int n, int offsets) {
    Set<List<Integer>> seen = new LinkedHashSet<>();
    for (int d = 1; d <= offsets; d++) {
      for (int i = 0; i < n; i++) {
        int j = (i + d) % n;
        if (i != j) {
          seen.add(List.of(Math.min(i, j), Math.max(i, j)));
        }
      }
    }
    return seen.stream().map(p -> new int[] {p.get(0), p.get(1)}).toList();
  }

  @Override
  public List<JudgeCall> plan(JudgeInput input) {
    List<JudgeCall> calls = new ArrayList<>();
    for (int[] pair : pairs(input.texts().size(), offsets)) {
      calls.add(call(input, pair[0], pair[1]));
      calls.add(call(input, pair[1], pair[0]));
    }
    return calls;
  }

  private JudgeCall call(JudgeInput input, int a, int b) {
    return prompting.call(input, Map.of("a", input.texts().get(a), "b", input.texts().get(b)), a, b);
  }

  @Override
  public Combined combine(JudgeInput input, List<JudgeCall> calls, List<JudgeOutcome> outcomes) {
    int n = input.texts().size();
    if (n < 2) {
      return new Combined(List.of(Score.notApplicable(
          "pairwise judging needs at least 2 distinct candidates; the group has " + n)), 0);
    }
    int[] wins = new int[n];
    int[] ties = new int[n];
    int[] pairs = new int[n];
    String[] firstFailure = new String[n];
    int unparseable = 0;
    for (int c = 0; c < calls.size(); c += 2) {
      int x = calls.get(c).shown(0);
      int y = calls.get(c).shown(1);
      Optional<Verdict> first = Optional.empty();
      Optional<Verdict> second = Optional.empty();
      String failure = null;
      for (int k = 0; k < 2; k++) {
        JudgeOutcome o = outcomes.get(c + k);
        Optional<Verdict> v = o.reply().flatMap(ReplyParsers::verdict);
        if (o.reply().isEmpty()) {
          failure = failure == null ? o.reason() : failure;
        } else if (v.isEmpty()) {
          unparseable++;
          failure = failure == null ? "judge reply has no \"Winner: A|B|tie\": '"
              + ReplyParsers.snippet(o.reply().get()) + "'" : failure;
        }
        if (k == 0) {
          first = v;
        } else {
          second = v;
        }
      }
      if (first.isEmpty() || second.isEmpty()) {
        firstFailure[x] = firstFailure[x] == null ? failure : firstFailure[x];
        firstFailure[y] = firstFailure[y] == null ? failure : firstFailure[y];
        continue;
      }
      pairs[x]++;
      pairs[y]++;
      // The first call shows x as A, the second shows y as A.
      int winner = winner(first.get(), x, y, second.get());
      if (winner < 0) {
        ties[x]++;
        ties[y]++;
      } else {
        wins[winner]++;
      }
    }
    List<Score> scores = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (pairs[i] == 0) {
        scores.add(Score.notApplicable("no pairwise comparison of this candidate succeeded: " + firstFailure[i]));
        continue;
      }
      double value = (wins[i] + 0.5 * ties[i]) / pairs[i];
      scores.add(Score.of(value, Map.of("wins", (double) wins[i], "ties", (double) ties[i],
          "losses", (double) (pairs[i] - wins[i] - ties[i]), "pairs", (double) pairs[i])));
    }
    return new Combined(scores, unparseable);
  }

  /** The candidate both orders prefer, or -1 for a tie (a tie in either order, or disagreement). */
  private static int winner(Verdict xFirst, int x, int y, Verdict yFirst) {
    int one = xFirst == Verdict.A ? x : xFirst == Verdict.B ? y : -1;
    int two = yFirst == Verdict.A ? y : yFirst == Verdict.B ? x : -1;
    return one == two ? one : -1;
  }
}
