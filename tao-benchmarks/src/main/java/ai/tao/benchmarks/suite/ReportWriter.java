package ai.tao.benchmarks.suite;

import ai.tao.api.OutputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes one {@link SuiteReport} as a report folder:
 *
 * <ul>
 *   <li>{@code report.json}, the whole report for programs (every key present, NaN as null);
 *   <li>one PNG per chart: {@code table3-<task>.png}, {@code labels-<task>.png},
 *       {@code scaling-<task>.png}, {@code speed-<task>.png}, {@code curves-<task>.png}, and across
 *       tasks {@code summary.png}, {@code headline-labels.png} and {@code perf.png}, each only where
 *       its part was run;
 *   <li>{@code report.md}, tables and chart links for reading in a repository;
 *   <li>{@code report.html}, the same content as one self-contained page, charts embedded.
 * </ul>
 *
 * <p>Files of the same names already in the folder are replaced; other files are left alone.
 *
 * @since 0.6
 */
public final class ReportWriter {
  static final String JSON = "report.json";
  static final String MARKDOWN = "report.md";
  static final String HTML = "report.html";

  private ReportWriter() {}

  /**
   * Writes {@code report} into {@code dir}, creating it if needed.
   *
   * @return the files written: {@code report.json}, the charts, {@code report.md}, {@code report.html}
   * @throws OutputException where a file could not be written
   */
  public static List<Path> write(SuiteReport report, Path dir) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OutputException("could not create the report folder " + dir + ": " + e.getMessage(), e);
    }
    List<Path> written = new ArrayList<>();
    written.add(ReportJson.write(report, dir.resolve(JSON)));
    List<Path> charts = ReportCharts.writeAll(report, dir);
    written.addAll(charts);
    Set<String> chartNames = charts.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    List<ReportBlock> blocks = ReportDocument.of(report, chartNames);
    written.add(text(dir.resolve(MARKDOWN), MarkdownReport.render(blocks)));
    written.add(text(dir.resolve(HTML), HtmlReport.render(ReportDocument.title(report), blocks, dir)));
    return List.copyOf(written);
  }

  private static Path text(Path file, String content) {
    try {
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OutputException("could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
