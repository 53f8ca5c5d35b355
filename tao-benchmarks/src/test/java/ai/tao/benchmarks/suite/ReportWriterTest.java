package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");
  private static final Pattern SRC = Pattern.compile("src=\"([^\"]*)\"");
  private static final Pattern LINKED_IMG = Pattern.compile(
      "<a href=\"([^\"]+)\"><img src=\"data:image/png;base64,([^\"]+)\"");
  private static final Pattern MD_IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+)\\)");

  @TempDir
  static Path root;
  private static Path full;
  private static List<Path> fullWritten;
  private static Path noPeer;
  private static Path noPerf;

  /** Charts take a second or two; each report is written once and read by every test. */
  @BeforeAll
  static void writeReports() {
    full = root.resolve("full");
    fullWritten = ReportWriter.write(FakeReports.full(), full);
    noPeer = root.resolve("no-peer");
    ReportWriter.write(FakeReports.withoutPeer(), noPeer);
    noPerf = root.resolve("no-perf");
    ReportWriter.write(FakeReports.withoutPerf(), noPerf);
  }

  @Test
  void writesEveryChartWhosePartWasRunAndReturnsWhatItWrote() throws IOException {
    assertThat(names(fullWritten)).containsExactlyInAnyOrderElementsOf(names(list(full)));
    assertThat(names(fullWritten)).containsExactlyInAnyOrder("report.json", "report.md", "report.html",
        "summary.png", "headline-labels.png", "table3-sql.png", "labels-sql.png", "scaling-sql.png",
        "speed-sql.png", "curves-sql.png", "table3-docqa.png", "perf.png");
    assertThat(names(list(noPerf))).doesNotContain("perf.png").contains("summary.png", "curves-sql.png");
    assertThat(names(list(noPeer))).contains("perf.png");
  }

  @Test
  void jsonHasEveryKeyInRecordOrderNullsIncluded() throws IOException {
    JsonNode json = new ObjectMapper().readTree(full.resolve("report.json").toFile());
    assertThat(fields(json)).containsExactlyElementsOf(components(SuiteReport.class));
    assertThat(fields(json.get("settings"))).containsExactly("steps", "seeds", "kValues", "temperature", "targetKl");
    assertThat(json.get("tasks")).hasSize(2);
    for (JsonNode task : json.get("tasks")) {
      assertThat(fields(task)).containsExactlyElementsOf(components(TaskReport.class));
    }
    JsonNode sql = json.get("tasks").get(0);
    JsonNode docqa = json.get("tasks").get(1);
    assertThat(docqa.get("labels").isNull()).isTrue();
    assertThat(docqa.get("scaling").isNull()).isTrue();
    assertThat(docqa.get("curves").isArray()).isTrue();
    assertThat(docqa.get("curves")).isEmpty();
    JsonNode accuracy = sql.get("table3").get(2).get("accuracy");
    assertThat(fields(accuracy)).containsExactlyElementsOf(components(Estimate.class));
    assertThat(accuracy.get("mean").asDouble()).isCloseTo(0.32, within(1e-12));
    assertThat(fields(sql.get("labels"))).containsExactlyElementsOf(components(LabelEquivalence.class));
    assertThat(fields(sql.get("scaling"))).containsExactlyElementsOf(components(Scaling.class));
    JsonNode point = sql.get("curves").get(0).get("points").get(0);
    assertThat(fields(point)).containsExactlyElementsOf(components(CurvePoint.class));
    assertThat(fields(json.get("perf"))).containsExactlyElementsOf(components(Perf.class));
    assertThat(fields(json.get("perf").get("paths").get(0))).containsExactlyElementsOf(components(HotPath.class));
  }

  @Test
  void jsonWritesNaNAndMissingPeerAsNull() throws IOException {
    String text = Files.readString(full.resolve("report.json"));
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode json = new ObjectMapper().readTree(text);
    assertThat(json.get("settings").get("targetKl").isNull()).isTrue();
    JsonNode points = json.get("tasks").get(0).get("curves").get(0).get("points");
    assertThat(points.get(0).get("precision").isNull()).isTrue();
    assertThat(points.get(1).get("precision").isNumber()).isTrue();
    JsonNode path = new ObjectMapper().readTree(noPeer.resolve("report.json").toFile()).get("perf").get("paths")
        .get(0);
    assertThat(path.has("peerTokensPerSecond")).isTrue();
    assertThat(path.get("peerTokensPerSecond").isNull()).isTrue();
    assertThat(path.get("ratio").isNull()).isTrue();
    assertThat(new ObjectMapper().readTree(noPerf.resolve("report.json").toFile()).get("perf").isNull()).isTrue();
  }

  @Test
  void theSameReportGivesTheSameJsonAndMarkdown() throws IOException {
    Path again = root.resolve("again");
    ReportWriter.write(FakeReports.full(), again);
    assertThat(again.resolve("report.json")).hasSameTextualContentAs(full.resolve("report.json"));
    assertThat(again.resolve("report.md")).hasSameTextualContentAs(full.resolve("report.md"));
  }

  @Test
  void everyChartIsAPngOfTheAgreedSize() throws IOException {
    for (Path dir : List.of(full, noPeer, noPerf)) {
      List<Path> pngs = list(dir).stream().filter(p -> p.toString().endsWith(".png")).toList();
      assertThat(pngs).isNotEmpty();
      for (Path png : pngs) {
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).as(png.toString()).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
        assertThat(image.getWidth()).as(png.toString()).isEqualTo(900);
        int height = png.getFileName().toString().startsWith("curves-") ? 1100 : 500;
        assertThat(image.getHeight()).as(png.toString()).isEqualTo(height);
      }
    }
  }

  @Test
  void htmlIsSelfContainedAndLinksOnlyFilesThatExist() throws IOException {
    for (Path dir : List.of(full, noPeer, noPerf)) {
      String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
      assertThat(html).contains("<meta charset=\"utf-8\">").contains("<title>TAO suite report</title>")
          .doesNotContain("http://").doesNotContain("https://").doesNotContain("<script").doesNotContain("<link")
          .doesNotContain("url(").doesNotContain("@import");
      List<String> hrefs = all(HREF, html, 1);
      assertThat(hrefs).isNotEmpty();
      for (String href : hrefs) {
        assertThat(dir.resolve(href)).as(href).isRegularFile();
      }
      for (String src : all(SRC, html, 1)) {
        if (!src.startsWith("data:image/png;base64,")) {
          assertThat(dir.resolve(src)).as(src).isRegularFile();
        }
      }
      long pngs = list(dir).stream().filter(p -> p.toString().endsWith(".png")).count();
      assertThat(all(SRC, html, 1)).hasSize((int) pngs);
    }
  }

  @Test
  void htmlEmbedsEachChartBesideTheLinkToItsFile() throws IOException {
    String html = Files.readString(full.resolve("report.html"), StandardCharsets.UTF_8);
    Matcher m = LINKED_IMG.matcher(html);
    int embedded = 0;
    while (m.find()) {
      assertThat(Base64.getDecoder().decode(m.group(2))).as(m.group(1))
          .isEqualTo(Files.readAllBytes(full.resolve(m.group(1))));
      embedded++;
    }
    assertThat(embedded).isEqualTo(9);
  }

  @Test
  void htmlEscapesText() throws IOException {
    String html = Files.readString(full.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("Doc QA &lt;invoices&gt; &amp; totals").doesNotContain("<invoices>")
        .contains("TAO &lt;grounding &amp; majority&gt;").doesNotContain("<grounding")
        .contains("reward &lt; 0 &amp; &quot;n/a&quot;");
  }

  @Test
  void htmlShowsTheSameTablesAsTheMarkdown() throws IOException {
    String html = Files.readString(full.resolve("report.html"), StandardCharsets.UTF_8);
    String md = Files.readString(full.resolve("report.md"), StandardCharsets.UTF_8);
    // Markdown: one separator line per table. Settings, machine, headline, 2 x Table 3, labels, scaling, perf.
    assertThat(count(html, "<table>")).isEqualTo(count(md, "\n| --- |")).isEqualTo(8);
    for (String cell : List.of("32.0%", "[27.0, 37.0]", "single run", "1.25x", "40,000", "n/a")) {
      assertThat(html).contains("<td>" + cell + "</td>");
      assertThat(md).contains("| " + cell + " |");
    }
    assertThat(html).contains("<p>TAO with no labels is worth about 140 labels</p>");
  }

  @Test
  void markdownHasEachTaskItsTablesAndLinksToChartsThatExist() throws IOException {
    String md = Files.readString(full.resolve("report.md"), StandardCharsets.UTF_8);
    assertThat(md).startsWith("# TAO suite report\n").contains("## " + FakeReports.SQL_TITLE + " (sql)")
        .contains("## Doc QA \\<invoices> & totals (docqa)").contains("- Curves skipped for seed 3");
    assertThat(md).contains("| method | labels | pass@1 mean | 95% CI | by seed |")
        .contains("| TAO \\<grounding & majority> | 0 | 32.0% | [27.0, 37.0] | 30.0, 34.0, 32.0 |")
        .contains("| Base model | 0 | 32.0% | single run | 32.0 |")
        .contains("| base | 0 | 32.0% | single run | 120.5 |")
        .contains("| 8 | 40,000 | 52.0% | [47.0, 57.0] | 120.3 |")
        .contains("TAO with no labels is worth about 140 labels")
        .contains("| rollout | small | batch 32, prompt 64, 64 new tokens | 1000.0 | 800.0 | 1.25x | 20.0 | 40.0%")
        .contains("GEMM rate of this machine: 50.0 GFLOP/s.").contains("Peer: peer_llama.py with torch 2.3");
    List<String> links = all(MD_IMAGE, md, 1);
    assertThat(links).containsExactlyInAnyOrder("summary.png", "headline-labels.png", "table3-sql.png",
        "labels-sql.png", "scaling-sql.png", "speed-sql.png", "curves-sql.png", "table3-docqa.png", "perf.png");
    for (String link : links) {
      assertThat(full.resolve(link)).as(link).isRegularFile();
    }
  }

  @Test
  void aPartNotRunPrintsOneLineInsteadOfItsTable() throws IOException {
    String md = Files.readString(full.resolve("report.md"), StandardCharsets.UTF_8);
    String sql = section(md, "## " + FakeReports.SQL_TITLE);
    String docqa = section(md, "## Doc QA");
    assertThat(docqa).contains("Label equivalence was not run.").contains("Scaling was not run.")
        .contains("Training curves were not run.").contains("| TAO majority | 0 | 46.0% |")
        .doesNotContain("| labels K |").doesNotContain("| N | sampled tokens |").doesNotContain("](labels-")
        .doesNotContain("](curves-");
    assertThat(sql).doesNotContain("was not run").contains("| labels K |").contains("| N | sampled tokens |");
    String speed = section(Files.readString(noPerf.resolve("report.md")), "## Speed");
    assertThat(speed).contains("The speed part was not run.").doesNotContain("| path |");
    assertThat(Files.readString(noPerf.resolve("report.html"))).contains("<p>The speed part was not run.</p>");
  }

  @Test
  void missingPeerValuesPrintAsNotAvailable() throws IOException {
    String md = Files.readString(noPeer.resolve("report.md"), StandardCharsets.UTF_8);
    assertThat(md).contains("| rollout | small | batch 32, prompt 64, 64 new tokens | 1000.0 | n/a | n/a | 20.0 |")
        .contains("Peer: not run: python3 with torch was not found").contains("](perf.png)");
  }

  /** The text from the heading starting {@code heading} to the next heading of level 2. */
  private static String section(String md, String heading) {
    int start = md.indexOf(heading);
    assertThat(start).as("heading " + heading).isNotNegative();
    int end = md.indexOf("\n## ", start + heading.length());
    return md.substring(start, end < 0 ? md.length() : end);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  private static List<String> all(Pattern pattern, String text, int group) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(group));
    }
    return found;
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> components(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static Set<String> names(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
  }
}
