package ai.tao.rewards.judge;

import java.util.Arrays;
import java.util.Objects;

/**
 * One request to the judge, as a mode plans it.
 *
 * @param system the system message
 * @param user the user message, with the question and the candidate(s) filled in
 * @param shown the indices (into the distinct candidate texts) the judge sees, in the order it sees
 *     them: one for pointwise, A then B for pairwise, the shuffled order for group
 */
record JudgeCall(String system, String user, int[] shown) {
  JudgeCall {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    shown = shown.clone();
  }

  @Override
  public int[] shown() {
    return shown.clone();
  }

  int shown(int position) {
    return shown[position];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JudgeCall c && system.equals(c.system) && user.equals(c.user)
        && Arrays.equals(shown, c.shown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(system, user, Arrays.hashCode(shown));
  }

  @Override
  public String toString() {
    return "JudgeCall[shown=" + Arrays.toString(shown) + "]";
  }
}
