package ai.tao.rewards.judge;

import ai.tao.api.Score;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Group-relative judging, as in OpenPipe's RULER: one call shows every distinct candidate and the
 * judge scores each relative to the others.
 *
 * <p>Judges favour positions (the first answer, the last), so the order shown is shuffled. The
 * shuffle is seeded by a hash of the prompt id and the sorted candidate texts, not by a clock: the
 * same group is always shown the same way (a rerun hits the cache and gives the same scores), while
 * different groups are shown in different orders. Scores are mapped back from the shown order to the
 * candidates. Component {@code judge} is the normalised score.
 *
 * <p>A reply without exactly one in-range score per candidate makes the whole group not applicable.
 */
final class GroupJudging implements Judging {
  private final JudgePrompting prompting;

  GroupJudging(JudgePrompting prompting) {
    this.prompting = prompting;
  }

  /** The order the judge sees the distinct texts of {@code input} in: a seeded permutation. */
  static int[] shownOrder(JudgeInput input) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < input.texts().size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed(input)));
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long seed(JudgeInput input) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(input.promptId().getBytes(StandardCharsets.UTF_8));
      for (String t : input.texts()) {
        sha.update((byte) 0);
        sha.update(t.getBytes(StandardCharsets.UTF_8));
      }
      byte[] d = sha.digest();
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = (seed << 8) | (d[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public List<JudgeCall> plan(JudgeInput input) {
    if (input.texts().size() < 2) {
      return List.of();
    }
    int[] shown = shownOrder(input);
    StringBuilder candidates = new StringBuilder();
    for (int k = 0; k < shown.length; k++) {
      candidates.append(k == 0 ? "" : "\n").append("<answer id=\"").append(k + 1).append("\">\n")
          .append(input.texts().get(shown[k])).append("\n</answer>");
    }
    return List.of(prompting.call(input,
        Map.of("candidates", candidates.toString(), "count", Integer.toString(shown.length)), shown));
  }

  @Override
  public Combined combine(JudgeInput input, List<JudgeCall> calls, List<JudgeOutcome> outcomes) {
    int n = input.texts().size();
    if (calls.isEmpty()) {
      return new Combined(List.of(Score.notApplicable(
          "group-relative judging needs at least 2 distinct candidates; the group has " + n)), 0);
    }
    JudgeOutcome outcome = outcomes.get(0);
    if (outcome.reply().isEmpty()) {
      return new Combined(Collections.nCopies(n, Score.notApplicable(outcome.reason())), 0);
    }
    String reply = outcome.reply().get();
    ScoreRange range = prompting.range();
    Optional<List<Double>> shownScores = ReplyParsers.groupScores(reply, n, range);
    if (shownScores.isEmpty()) {
      return new Combined(Collections.nCopies(n, Score.notApplicable("judge reply has no " + n
          + " scores in " + range + " (JSON {\"scores\": [...]} or lines \"1: N\"): '"
          + ReplyParsers.snippet(reply) + "'")), 1);
    }
    Score[] scores = new Score[n];
    JudgeCall call = calls.get(0);
    for (int k = 0; k < n; k++) {
      double v = shownScores.get().get(k);
      scores[call.shown(k)] = Score.of(v, Map.of("judge", v));
    }
    return new Combined(List.of(scores), 0);
  }
}
