package ai.tao.rewards.internal;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScoringException;
import ai.tao.api.TaoException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What composite scorers (weighted, gated, router) do with their parts: call them checked, close them. */
public final class Parts {
  private Parts() {}

  /**
   * The part's scores for {@code group}. A part that throws, or returns the wrong number of scores,
   * fails with a {@link ScoringException} that starts with {@code role} (such as "weighted part
   * 'fmt'") and names the scorer and the prompt: a broken reward must not pass as a low one.
   */
  public static List<Score> score(String role, Scorer part, CandidateGroup group) {
    List<Score> scores;
    try {
      scores = part.score(group);
    } catch (RuntimeException e) {
      throw new ScoringException(role + " (scorer '" + part.name() + "') failed on prompt '"
          + group.prompt().id() + "': " + (e instanceof TaoException ? e.getMessage() : e.toString()), e);
    }
    if (scores == null || scores.size() != group.size()) {
      throw new ScoringException(role + " (scorer '" + part.name() + "') returned "
          + (scores == null ? "null" : scores.size() + " scores") + " for the " + group.size()
          + " candidates of prompt '" + group.prompt().id() + "'");
    }
    return scores;
  }

  /**
   * The parts' counters since their last drain, each name prefixed with its part's label and a dot
   * ({@code judge.calls}); a part listed under two labels is drained once, under its first.
   */
  public static Map<String, Double> drainCounters(Map<String, Scorer> labelled) {
    Map<String, Double> out = new LinkedHashMap<>();
    Set<Scorer> drained = Collections.newSetFromMap(new IdentityHashMap<>());
    labelled.forEach((label, s) -> {
      if (drained.add(s)) {
        s.drainCounters().forEach((k, v) -> out.merge(label + "." + k, v, Double::sum));
      }
    });
    return out;
  }

  /** Closes each distinct part once, in order; the first failure is rethrown after all are closed. */
  public static void closeAll(List<Scorer> parts) {
    Set<Scorer> closed = Collections.newSetFromMap(new IdentityHashMap<>());
    RuntimeException failure = null;
    for (Scorer s : parts) {
      if (!closed.add(s)) {
        continue;
      }
      try {
        s.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
