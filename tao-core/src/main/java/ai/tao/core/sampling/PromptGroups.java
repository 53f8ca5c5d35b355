package ai.tao.core.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a sampling call grouped by prompt: the distinct prompts in first-seen order, and for
 * each row the index of its prompt among them. A group of N candidates is N rows with one prompt.
 *
 * @param distinct each distinct prompt once
 * @param rowToDistinct for each row, the index of its prompt in {@code distinct}
 */
record PromptGroups(List<int[]> distinct, long[] rowToDistinct) {
  static PromptGroups of(List<int[]> prompts) {
    List<int[]> distinct = new ArrayList<>();
    Map<Key, Integer> seen = new HashMap<>();
    long[] map = new long[prompts.size()];
    for (int i = 0; i < prompts.size(); i++) {
      int[] p = prompts.get(i);
      Integer at = seen.get(new Key(p));
      if (at == null) {
        at = distinct.size();
        distinct.add(p);
        seen.put(new Key(p), at);
      }
      map[i] = at;
    }
    return new PromptGroups(List.copyOf(distinct), map);
  }

  /** Every row its own group: no sharing, as a baseline to measure sharing against. */
  static PromptGroups each(List<int[]> prompts) {
    long[] map = new long[prompts.size()];
    for (int i = 0; i < map.length; i++) {
      map[i] = i;
    }
    return new PromptGroups(List.copyOf(prompts), map);
  }

  int rows() {
    return rowToDistinct.length;
  }

  /** Row {@code row}'s prompt. */
  int[] prompt(int row) {
    return distinct.get((int) rowToDistinct[row]);
  }

  /** Content equality for int arrays as map keys. */
  private record Key(int[] ids) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(ids, k.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }
  }
}
