package ai.tao.benchmarks.suite;

import ai.tao.benchmarks.suite.ReportBlock.Bullets;
import ai.tao.benchmarks.suite.ReportBlock.Heading;
import ai.tao.benchmarks.suite.ReportBlock.Image;
import ai.tao.benchmarks.suite.ReportBlock.Table;
import ai.tao.benchmarks.suite.ReportBlock.Text;
import java.util.List;

/** {@code report.md}: the report's blocks as GitHub-flavoured Markdown, charts linked by file name. */
final class MarkdownReport {
  private MarkdownReport() {}

  static String render(List<ReportBlock> blocks) {
    StringBuilder md = new StringBuilder();
    for (ReportBlock block : blocks) {
      if (block instanceof Heading h) {
        md.append("#".repeat(h.level())).append(' ').append(inline(h.text())).append("\n\n");
      } else if (block instanceof Text t) {
        md.append(inline(t.text())).append("\n\n");
      } else if (block instanceof Bullets b) {
        b.items().forEach(item -> md.append("- ").append(inline(item)).append('\n'));
        md.append('\n');
      } else if (block instanceof Table t) {
        row(md, t.header());
        md.append("|").append(" --- |".repeat(t.header().size())).append('\n');
        t.rows().forEach(r -> row(md, r));
        md.append('\n');
      } else if (block instanceof Image i) {
        md.append("![").append(inline(i.alt()).replace("]", "\\]")).append("](").append(i.file()).append(")\n\n");
      }
    }
    return md.toString();
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(inline(c).replace("|", "\\|")).append(" |"));
    md.append('\n');
  }

  /**
   * Text on one line (a line break inside a cell or heading would end it), with the characters that
   * would start markup escaped: {@code <} an HTML tag, {@code *} emphasis, a backquote code.
   * Underscores stay as they are; GitHub's Markdown ignores them inside words such as {@code sft_doc}.
   */
  static String inline(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").replaceAll("([\\\\<*`])", "\\\\$1");
  }
}
