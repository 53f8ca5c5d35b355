package ai.tao.benchmarks.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A demo's figures: printed as a table and written as a result file (tao-demo-result.json for SQL). */
public final class DemoResult {
  public final int heldoutSize;
  /** How the held-out questions are scored, for the table's heading. */
  public String grading = "scored by executing gold SQL";
  public double basePassAt1;
  public double baseMajorityAtN;
  /** Further single figures, written under their own keys (such as {@code base_doc_pass_at_1}). */
  public final Map<String, Double> figures = new LinkedHashMap<>();
  /** TAO pass@1 by reward variant and seed, written as {@code tao_pass_at_1_<variant>} (and {@code _by_seed}). */
  public final Map<String, List<Double>> taoByVariant = new LinkedHashMap<>();
  public final List<Double> taoBySeed = new ArrayList<>();
  public final List<Double> sftDocBySeed = new ArrayList<>();
  public final List<Double> sftOracleBySeed = new ArrayList<>();
  /** TAO with random rewards ({@code --control}), by seed. */
  public final List<Double> randomBySeed = new ArrayList<>();
  public final Map<String, List<Double>> ablation = new LinkedHashMap<>();
  public long labelsSeenByTao;
  /** Mean sequences TAO trained on per step (unanimous groups are dropped), by seed. */
  public final List<Double> taoTrainedSequences = new ArrayList<>();
  /**
   * SQL queries of the main TAO runs' rewards that hit the sandbox's timeout (a safety net only);
   * null for a run without SQL rewards, which then writes no such key.
   */
  private Long sqlTimeouts;
  /** What the collapse guard did in the main TAO runs. */
  public final List<String> collapseStops = new ArrayList<>();
  public double seconds;

  public DemoResult(int heldoutSize) {
    this.heldoutSize = heldoutSize;
  }

  /** Counts SQL sandbox timeouts of a TAO run's rewards (the first call marks the run as one with SQL). */
  public void addSqlTimeouts(long n) {
    sqlTimeouts = (sqlTimeouts == null ? 0 : sqlTimeouts) + n;
  }

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double std(List<Double> xs) {
    double m = mean(xs);
    return Math.sqrt(xs.stream().mapToDouble(x -> (x - m) * (x - m)).average().orElse(0));
  }

  /** Whether a figure's key names a share (pass@1, an accuracy), printed as a percentage; counts and seconds are not. */
  static boolean isRate(String key) {
    return key.contains("pass_at") || key.contains("accuracy") || key.contains("majority");
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A table row; none for a model the run skipped ({@code --tao-only}, {@code --ablation-only}). */
  private static String row(String name, List<Double> xs) {
    if (xs.isEmpty()) {
      return "";
    }
    return String.format(Locale.ROOT, "| %-34s | %6.1f%% | %6.1f | %-28s |%n", name, 100 * mean(xs), 100 * std(xs),
        xs.stream().map(x -> String.format(Locale.ROOT, "%.1f", 100 * x)).toList());
  }

  public String table(int n, int sftBatch) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%nHeld-out production questions: %d (%s)%n",
        heldoutSize, grading));
    sb.append(String.format(Locale.ROOT, "| %-34s | %7s | %6s | %-28s |%n", "model", "mean", "± std", "by seed"));
    sb.append("|------------------------------------|---------|--------|------------------------------|\n");
    sb.append(row("base pass@1", List.of(basePassAt1)));
    sb.append(row("base majority@" + n, List.of(baseMajorityAtN)));
    figures.forEach((k, v) -> sb.append(isRate(k) ? row(k, List.of(v))
        : String.format(Locale.ROOT, "| %-34s | %7s | %6s | %-28s |%n", k, plain(v), "", "")));
    sb.append(row("TAO pass@1 (no labels)", taoBySeed));
    taoByVariant.forEach((k, v) -> sb.append(row("TAO pass@1, reward " + k, v)));
    sb.append(row("TAO, random rewards (control)", randomBySeed));
    sb.append(row("SFT on more doc labels pass@1", sftDocBySeed));
    sb.append(row("SFT on prod labels (oracle) pass@1", sftOracleBySeed));
    ablation.forEach((k, v) -> sb.append(row("ablation: reward " + k, v)));
    if (!taoTrainedSequences.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "TAO trained on %.1f sequences per step (mean)%s%n",
          mean(taoTrainedSequences), sftDocBySeed.isEmpty() ? "" : "; the SFT baselines on " + sftBatch));
    }
    collapseStops.forEach(c -> sb.append("collapse guard, ").append(c).append('\n'));
    sb.append(String.format(Locale.ROOT, "labels seen by TAO: %d%s; %.0f s%n", labelsSeenByTao,
        sqlTimeouts == null ? "" : "; SQL timeouts in TAO's rewards: " + sqlTimeouts, seconds));
    return sb.toString();
  }

  /** The mean, or nothing for a model the run left out (no NaN in the file). */
  private static void putMean(ObjectNode n, String key, List<Double> xs) {
    if (!xs.isEmpty()) {
      n.put(key, mean(xs));
    }
  }

  public void write(Path file) throws IOException {
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson());
  }

  /** The figures under the result file's keys. */
  public ObjectNode toJson() {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("base_pass_at_1", basePassAt1);
    n.put("base_majority_at_n", baseMajorityAtN);
    figures.forEach(n::put);
    putMean(n, "tao_pass_at_1", taoBySeed);
    taoByVariant.forEach((k, v) -> {
      putMean(n, "tao_pass_at_1_" + k, v);
      v.forEach(n.putArray("tao_pass_at_1_" + k + "_by_seed")::add);
    });
    putMean(n, "random_reward_pass_at_1", randomBySeed);
    putMean(n, "sft_doc_labels_pass_at_1", sftDocBySeed);
    putMean(n, "sft_oracle_pass_at_1", sftOracleBySeed);
    if (!taoBySeed.isEmpty() || taoByVariant.isEmpty()) {
      taoBySeed.forEach(n.putArray("tao_pass_at_1_by_seed")::add);
    }
    if (!randomBySeed.isEmpty()) {
      randomBySeed.forEach(n.putArray("random_reward_pass_at_1_by_seed")::add);
    }
    sftDocBySeed.forEach(n.putArray("sft_doc_labels_pass_at_1_by_seed")::add);
    sftOracleBySeed.forEach(n.putArray("sft_oracle_pass_at_1_by_seed")::add);
    if (!ablation.isEmpty()) {
      ObjectNode a = n.putObject("ablation_tao_pass_at_1");
      ablation.forEach((k, v) -> v.forEach(a.putArray(k)::add));
    }
    n.put("labels_seen_by_tao", labelsSeenByTao);
    if (sqlTimeouts != null) {
      n.put("sql_timeouts", sqlTimeouts);
    }
    collapseStops.forEach(n.putArray("collapse_stops")::add);
    n.put("heldout_size", heldoutSize);
    putMean(n, "tao_trained_sequences_per_step", taoTrainedSequences);
    n.put("seconds", seconds);
    return n;
  }
}
