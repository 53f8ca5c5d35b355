package ai.tao.rewards.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a judge's verdict out of its reply text. The last verdict line wins, so a judge that
 * thinks aloud ("a score of 3 would be harsh... Score: 7") is read by its conclusion.
 */
final class ReplyParsers {

  /** A pairwise verdict. */
  enum Verdict {
    A, B, TIE
  }

  private static final String NUMBER = "(-?\\d+(?:\\.\\d+)?)";
  private static final Pattern SCORE = Pattern.compile("(?i)\\bscore\\s*[:=]\\s*\\**\\s*" + NUMBER);
  private static final Pattern WINNER = Pattern.compile("(?i)\\bwinner\\s*[:=]\\s*\\**\\s*(A|B|tie)\\b");
  private static final Pattern NUMBERED_LINE =
      Pattern.compile("(?m)^\\s*(?:candidate\\s*)?#?(\\d+)\\s*[:.)=-]\\s*" + NUMBER + "\\s*$",
          Pattern.CASE_INSENSITIVE);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIPPET = 120;

  private ReplyParsers() {}

  /** The last {@code Score: N} of {@code reply}, normalised by {@code range}; empty if none or out of range. */
  static OptionalDouble score(String reply, ScoreRange range) {
    Matcher m = SCORE.matcher(reply);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last == null ? OptionalDouble.empty() : range.normalise(Double.parseDouble(last));
  }

  /** The last {@code Winner: A|B|tie} of {@code reply}; empty if none. */
  static Optional<Verdict> verdict(String reply) {
    Matcher m = WINNER.matcher(reply);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last == null ? Optional.empty() : Optional.of(Verdict.valueOf(last.toUpperCase(java.util.Locale.ROOT)));
  }

  /**
   * Exactly {@code count} scores, normalised, in the order the judge was shown the candidates: from
   * the first JSON object with a {@code scores} array, else from numbered lines {@code 1: 7} (each
   * number 1..count once). Empty if neither gives {@code count} scores in range.
   */
  static Optional<List<Double>> groupScores(String reply, int count, ScoreRange range) {
    Optional<List<Double>> fromJson = jsonScores(reply);
    List<Double> raw = fromJson.orElseGet(() -> numberedLines(reply, count));
    if (raw.size() != count) {
      return Optional.empty();
    }
    List<Double> normalised = new ArrayList<>(count);
    for (double r : raw) {
      OptionalDouble n = range.normalise(r);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      normalised.add(n.getAsDouble());
    }
    return Optional.of(normalised);
  }

  private static Optional<List<Double>> jsonScores(String reply) {
    int start = reply.indexOf('{');
    int end = reply.lastIndexOf('}');
    if (start < 0 || end < start) {
      return Optional.empty();
    }
    try {
      JsonNode scores = JSON.readTree(reply.substring(start, end + 1)).path("scores");
      if (!scores.isArray()) {
        return Optional.empty();
      }
      List<Double> out = new ArrayList<>();
      for (JsonNode s : scores) {
        JsonNode value = s.isObject() ? s.path("score") : s;
        if (!value.isNumber()) {
          return Optional.of(List.of());
        }
        out.add(value.asDouble());
      }
      return Optional.of(out);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static List<Double> numberedLines(String reply, int count) {
    TreeMap<Integer, Double> byNumber = new TreeMap<>();
    Matcher m = NUMBERED_LINE.matcher(reply);
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      if (n < 1 || n > count || byNumber.put(n, Double.parseDouble(m.group(2))) != null) {
        return List.of();
      }
    }
    return new ArrayList<>(byNumber.values());
  }

  /** The start of {@code reply} on one line, for a reason. */
  static String snippet(String reply) {
    String flat = reply.strip().replaceAll("\\s+", " ");
    return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
  }
}
