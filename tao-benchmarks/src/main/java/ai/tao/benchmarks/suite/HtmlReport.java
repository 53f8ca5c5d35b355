package ai.tao.benchmarks.suite;

import ai.tao.api.OutputException;
import ai.tao.benchmarks.suite.ReportBlock.Bullets;
import ai.tao.benchmarks.suite.ReportBlock.Heading;
import ai.tao.benchmarks.suite.ReportBlock.Image;
import ai.tao.benchmarks.suite.ReportBlock.Table;
import ai.tao.benchmarks.suite.ReportBlock.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * {@code report.html}: one self-contained page. The CSS is inline and every chart is embedded as a
 * data URI, so the file alone can be mailed or attached and still shows everything; each chart
 * links to its PNG beside it for a full-size view. Nothing refers to the network.
 */
final class HtmlReport {
  private static final String CSS = """
      body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 960px;
        margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
      h1 { border-bottom: 2px solid #ddd; padding-bottom: .3em; }
      h2 { border-bottom: 1px solid #eee; padding-bottom: .2em; margin-top: 2em; }
      table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
      th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; vertical-align: top; }
      th { background: #f4f4f4; }
      tr:nth-child(even) td { background: #fafafa; }
      img { max-width: 100%; height: auto; border: 1px solid #eee; margin: .5em 0; }
      """;

  private HtmlReport() {}

  /**
   * The page of {@code blocks}, titled {@code title}; the charts' PNG files are read from
   * {@code dir}.
   */
  static String render(String title, List<ReportBlock> blocks, Path dir) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(title)).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    for (ReportBlock block : blocks) {
      if (block instanceof Heading h) {
        html.append("<h").append(h.level()).append('>').append(escape(h.text())).append("</h").append(h.level())
            .append(">\n");
      } else if (block instanceof Text t) {
        html.append("<p>").append(escape(t.text())).append("</p>\n");
      } else if (block instanceof Bullets b) {
        html.append("<ul>\n");
        b.items().forEach(item -> html.append("<li>").append(escape(item)).append("</li>\n"));
        html.append("</ul>\n");
      } else if (block instanceof Table t) {
        table(html, t);
      } else if (block instanceof Image i) {
        html.append("<p><a href=\"").append(escape(i.file())).append("\"><img src=\"data:image/png;base64,")
            .append(base64(dir.resolve(i.file()))).append("\" alt=\"").append(escape(i.alt()))
            .append("\" width=\"900\"></a></p>\n");
      }
    }
    return html.append("</body>\n</html>\n").toString();
  }

  private static void table(StringBuilder html, Table t) {
    html.append("<table>\n<thead><tr>");
    t.header().forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
    html.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      html.append("<tr>");
      row.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static String base64(Path png) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    } catch (IOException e) {
      throw new OutputException("could not read the chart " + png + " to embed it in report.html: " + e.getMessage(),
          e);
    }
  }

  /** {@code text} with the five characters HTML gives meaning to replaced by entities. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
