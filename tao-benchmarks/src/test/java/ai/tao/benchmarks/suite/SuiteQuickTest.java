package ai.tao.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's smoke run, {@code --quick}, end to end on the real tasks and models: every file of the
 * report, every key of its JSON, valid images, an HTML page that references only files that exist,
 * and a second run that finds every unit in the cache.
 */
class SuiteQuickTest {
  @TempDir
  static Path dir;
  static Path out;
  static SuiteReport report;
  static final List<String> log = new ArrayList<>();

  @BeforeAll
  static void runQuickSuite() throws IOException {
    out = dir.resolve("report");
    report = Suite.run(SuiteOptions.parse(new String[] {"--quick", "--out", out.toString()}), l -> {
      log.add(l);
      System.out.println(l);
    });
    ReportWriter.write(report, out);
  }

  @Test
  void theJsonHasEveryKeyForEveryTask() throws IOException {
    JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    for (String k : List.of("quick", "settings", "machine", "seconds", "tasks", "perf", "notes")) {
      assertThat(json.has(k)).as("top-level key %s", k).isTrue();
    }
    List<String> tasks = new ArrayList<>();
    json.get("tasks").forEach(t -> tasks.add(t.get("task").asText()));
    assertThat(tasks).containsExactly("sql", "docqa", "multitask-sql", "multitask-docqa");
    for (JsonNode t : json.get("tasks")) {
      for (String k : List.of("title", "heldout", "grading", "table3", "labels", "scaling", "curves")) {
        assertThat(t.has(k)).as("%s has %s", t.get("task"), k).isTrue();
      }
      List<String> rows = new ArrayList<>();
      t.get("table3").forEach(r -> rows.add(r.get("key").asText()));
      assertThat(rows).contains("base", "base_majority", "sft_doc", "random_reward", "sft_oracle")
          .anyMatch(k -> k.startsWith("tao:"));
      assertThat(t.get("labels").get("sft")).hasSize(2);
      assertThat(t.get("labels").get("verdict").asText()).isNotBlank();
      assertThat(t.get("scaling").get("points")).hasSize(2);
      assertThat(t.get("curves").get(0).get("points")).hasSize(2);
    }
    assertThat(json.get("perf").get("paths").size()).isPositive();
    assertThat(json.get("perf").get("gemmGflops").asDouble()).isPositive();
  }

  @Test
  void everyChartIsAValidImage() throws IOException {
    List<Path> pngs;
    try (Stream<Path> s = Files.list(out)) {
      pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
    }
    assertThat(pngs.stream().map(p -> p.getFileName().toString())).contains("summary.png", "headline-labels.png",
        "perf.png", "table3-sql.png", "labels-docqa.png", "scaling-multitask-sql.png", "curves-multitask-docqa.png");
    for (Path p : pngs) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertThat(img).as("%s decodes", p).isNotNull();
      assertThat(img.getWidth()).isPositive();
    }
  }

  @Test
  void theHtmlPageReferencesOnlyFilesThatExist() throws IOException {
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).doesNotContain("http://").doesNotContain("https://");
    Matcher m = Pattern.compile("(?:href|src)=\"([^\"]+)\"").matcher(html);
    int refs = 0;
    while (m.find()) {
      String ref = m.group(1);
      if (ref.startsWith("data:") || ref.startsWith("#")) {
        continue;
      }
      refs++;
      assertThat(out.resolve(ref)).as("the page's reference %s", ref).isRegularFile();
    }
    assertThat(refs).as("links to the chart files").isPositive();
    assertThat(Files.readString(out.resolve("report.md"))).contains("Text-to-SQL").contains("Document QA");
  }

  @Test
  void aSecondRunFindsEveryUnitCachedAndReportsTheSameNumbers() throws IOException {
    List<String> again = new ArrayList<>();
    SuiteReport second = Suite.run(SuiteOptions.parse(new String[] {"--quick", "--out", out.toString(), "--only",
        "table3,labels,scaling"}), again::add);
    List<String> units = again.stream().filter(l -> l.matches("\\[suite] \\d+/\\d+ .*")).toList();
    assertThat(units).isNotEmpty().allMatch(l -> l.contains("(cached)"));
    assertThat(second.tasks()).isEqualTo(report.tasks());
  }

  /**
   * The optional browser check: where Debian's chromium is installed, the page is opened headless
   * and a screenshot taken; it must be an image with more than one colour in it.
   */
  @Test
  void theHtmlPageRendersInAHeadlessBrowser() throws Exception {
    Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
        .filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(chromium != null, "no chromium installed: the browser check is optional");
    Path shot = dir.resolve("screenshot.png");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--window-size=1200,2400", "--screenshot=" + shot,
        out.resolve("report.html").toUri().toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("chromium.log").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    BufferedImage img = ImageIO.read(shot.toFile());
    assertThat(img).isNotNull();
    assertThat(img.getWidth()).isEqualTo(1200);
    int first = img.getRGB(0, 0);
    boolean varied = false;
    for (int y = 0; y < img.getHeight() && !varied; y += 7) {
      for (int x = 0; x < img.getWidth(); x += 7) {
        if (img.getRGB(x, y) != first) {
          varied = true;
          break;
        }
      }
    }
    assertThat(varied).as("the screenshot shows something").isTrue();
  }
}
