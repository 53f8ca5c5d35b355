package ai.tao.benchmarks.suite;

import java.util.List;

/**
 * One block of the report's text, built once by {@link ReportDocument} and rendered by both
 * {@link MarkdownReport} and {@link HtmlReport}, so the two files cannot drift apart. Text is plain:
 * each renderer escapes it for its own format.
 */
sealed interface ReportBlock {

  /** A section title; level 1 is the report's title. */
  record Heading(int level, String text) implements ReportBlock {}

  /** A paragraph of one or more sentences. */
  record Text(String text) implements ReportBlock {}

  /** A bulleted list. */
  record Bullets(List<String> items) implements ReportBlock {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /** A table; every row has as many cells as the header. */
  record Table(List<String> header, List<List<String>> rows) implements ReportBlock {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException("a row of " + row.size() + " cells " + row + " under a header of "
              + header.size() + " " + header);
        }
      }
    }
  }

  /** A chart: a PNG file in the report folder, by its name there. */
  record Image(String file, String alt) implements ReportBlock {}
}
