package ai.tao.rewards.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plurality vote over the keys candidates cast (an answer, a result's canonical form). Every key
 * tied for the most votes wins, provided it has at least {@code minVotes}; ties are shared so the
 * outcome never depends on candidate order.
 */
public final class Votes {

  private final Map<String, Integer> counts = new HashMap<>();
  private final int top;
  private final int minVotes;

  /** Counts the present keys; an empty key is a candidate that does not vote. */
  public Votes(List<Optional<String>> keys, int minVotes) {
    for (Optional<String> key : keys) {
      key.ifPresent(k -> counts.merge(k, 1, Integer::sum));
    }
    this.top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    this.minVotes = minVotes;
  }

  /** Votes cast for {@code key}. */
  public int votes(String key) {
    return counts.getOrDefault(key, 0);
  }

  /** The most votes any key has, 0 if nobody voted. */
  public int top() {
    return top;
  }

  /** Whether some key reached minVotes. */
  public boolean decided() {
    return top >= minVotes;
  }

  /** Whether {@code key} is among the winners. */
  public boolean wins(String key) {
    return decided() && votes(key) == top;
  }

  /** The winning keys, sorted; empty if undecided. */
  public Set<String> winners() {
    Set<String> winners = new TreeSet<>();
    if (decided()) {
      counts.forEach((k, v) -> {
        if (v == top) {
          winners.add(k);
        }
      });
    }
    return winners;
  }

  /** Why nobody wins, for reasons. */
  public String undecidedReason(String what) {
    return "no " + what + " has minVotes " + minVotes + " votes (most: " + top + ")";
  }
}
