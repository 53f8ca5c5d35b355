package ai.tao.benchmarks.suite;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the report prints numbers. Accuracies are fractions in the records and percentages with one
 * decimal on the page ({@code 32.0%}); an interval is its two ends in percent ({@code [28.1,
 * 35.9]}). Always {@link Locale#ROOT}, so a report written on a German machine still reads
 * {@code 32.0%}, not {@code 32,0%}.
 */
final class ReportFormat {
  /** What a value that was not measured (NaN, or no peer) prints as. */
  static final String MISSING = "n/a";

  private ReportFormat() {}

  /** A fraction as a percentage with one decimal: 0.32 is "32.0%". */
  static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : MISSING;
  }

  /** The 95% interval in percent, "[28.1, 35.9]"; one seed has no interval and prints "single run". */
  static String interval(Estimate e) {
    if (e.bySeed().size() == 1) {
      return "single run";
    }
    return String.format(Locale.ROOT, "[%.1f, %.1f]", 100 * e.low(), 100 * e.high());
  }

  /** The per-seed values in percent, in seed order: "30.0, 34.0, 32.0". */
  static String bySeed(Estimate e) {
    return e.bySeed().stream().map(v -> String.format(Locale.ROOT, "%.1f", 100 * v)).collect(Collectors.joining(", "));
  }

  /** A count or an amount of tokens, with thousands separators: "1,234,567". */
  static String count(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : MISSING;
  }

  /** A rate with one decimal, such as tokens/s or GFLOP/s. */
  static String rate(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : MISSING;
  }

  /** A rate that may be absent (the peer's, where it is not installed). */
  static String rate(Double value) {
    return value == null ? MISSING : rate(value.doubleValue());
  }

  /** A ratio of two rates: "1.25x". */
  static String ratio(Double value) {
    return value == null || !Double.isFinite(value) ? MISSING : String.format(Locale.ROOT, "%.2fx", value);
  }

  /** A setting's value: lists joined by commas, a NaN or infinity as not measured, the rest as it prints. */
  static String setting(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(ReportFormat::setting).collect(Collectors.joining(", "));
    }
    if (value instanceof Double d && !Double.isFinite(d)) {
      return MISSING;
    }
    return String.valueOf(value);
  }
}
