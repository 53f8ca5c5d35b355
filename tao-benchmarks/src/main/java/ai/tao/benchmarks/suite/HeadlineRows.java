package ai.tao.benchmarks.suite;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The five Table 3 rows the headline compares across tasks: the base, the best SFT on the
 * documents, the best TAO variant, the random-reward control and the oracle. A task that lacks one
 * has no bar and no number there.
 */
enum HeadlineRows {
  BASE("base", "base", row -> row.key().equals("base"), false),
  SFT_DOC("SFT on docs (best)", "sft", row -> row.key().equals("sft_doc") || row.key().startsWith("sft_doc:"), true),
  TAO("TAO (best)", "tao", row -> row.family().equals("tao"), true),
  CONTROL("random control", "control", row -> row.family().equals("control"), false),
  ORACLE("oracle", "oracle", row -> row.family().equals("oracle"), false);

  private final String label;
  private final String family;
  private final Predicate<MethodRow> matches;
  private final boolean best;

  HeadlineRows(String label, String family, Predicate<MethodRow> matches, boolean best) {
    this.label = label;
    this.family = family;
    this.matches = matches;
    this.best = best;
  }

  /** What the chart's legend and the headline table call this row. */
  String label() {
    return label;
  }

  /** The {@link MethodRow#family()} whose colour this row's bars take. */
  String family() {
    return family;
  }

  /** This row of {@code table3}: the highest mean where the headline shows the best of several, else the first. */
  Optional<MethodRow> pick(List<MethodRow> table3) {
    if (best) {
      return table3.stream().filter(matches).max(Comparator.comparingDouble(row -> row.accuracy().mean()));
    }
    return table3.stream().filter(matches).findFirst();
  }
}
