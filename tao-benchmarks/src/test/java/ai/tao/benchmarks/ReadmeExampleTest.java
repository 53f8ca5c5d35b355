package ai.tao.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the README's Java examples: every {@code ```java} block of README.md is pulled out of the
 * file itself, compiled as the body of a method in a package of its own (so it can reach public
 * classes only) and run on a tiny model, with its relative paths resolved in a temporary folder.
 * Nothing else of a block is changed, so the README cannot drift from the code.
 */
class ReadmeExampleTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  /** The Java blocks of the README, in order. */
  static List<String> blocks() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(readme);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** A block as a class: its imports stay imports, the rest becomes the body of {@code run()}. */
  static String asClass(String block, String name) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    String paths = body.toString().replace("Path.of(\"", "Path.of(System.getProperty(\"readme.dir\"), \"");
    return "package readme;\n" + imports + "public final class " + name + " {\n"
        + "  public static void run() throws Exception {\n" + paths + "  }\n}\n";
  }

  /** Compiles and runs block {@code index} in {@code dir}; returns what it printed. */
  static String run(String block, int index, Path dir) throws Exception {
    Path src = dir.resolve("src/readme/Readme" + index + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, asClass(block, "Readme" + index));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc = javac.run(null, null, errors, "-classpath", cp, "-d", classes.toString(), src.toString());
    assertThat(rc).as("README block %d does not compile:%n%s", index, errors.toString(StandardCharsets.UTF_8))
        .isZero();
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setProperty("readme.dir", dir.toString());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeExampleTest.class.getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader.loadClass("readme.Readme" + index).getMethod("run").invoke(null);
    } finally {
      System.setOut(stdout);
      System.clearProperty("readme.dir");
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    stdout.print(out);
    return out;
  }

  @Test
  void theReadmeHasTheFourExamples() throws IOException {
    assertThat(blocks()).hasSize(4);
    assertThat(blocks().get(2)).contains(".withLora(").contains("policy.save(");
    assertThat(blocks().get(3)).contains("RewardModel.fromPolicy(").contains("llmJudge()");
    assertThat(blocks().get(0)).contains("DecoderPolicy.load(").contains("Tao.tune(");
    assertThat(blocks().get(1)).contains("DecoderPolicy.fresh(").contains("sft.fit(").contains("majorityAtN(");
  }

  /** Saves a fresh one-layer model with the byte tokenizer at {@code dir}; returns its config. */
  static ModelConfig saveTinyModel(Path dir, int maxPositions) {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(16).intermediateSize(32).numLayers(1).numHeads(2)
        .maxPositions(maxPositions).build();
    try (DecoderPolicy fresh = DecoderPolicy.fresh("tiny", c, tok, 1)) {
      fresh.save(dir);
    }
    return c;
  }

  @Test
  void tuningACheckpointRuns(@TempDir Path dir) throws Exception {
    ModelConfig c = saveTinyModel(dir.resolve("my-model"), 128);
    Files.write(dir.resolve("prompts.jsonl"), List.of("{\"prompt\": \"how many rows?\"}",
        "{\"prompt\": \"list the names\"}"));
    String out = run(blocks().get(0), 0, dir);
    assertThat(out).contains("[tao] run {").contains("[tao] round 2 done");
    assertThat(dir.resolve("runs/first/round-1/model.safetensors")).exists();
    assertThat(Files.readAllLines(dir.resolve("runs/first/metrics.jsonl")).get(0)).contains("\"event\":\"run\"");
    try (DecoderPolicy back = DecoderPolicy.load(dir.resolve("my-model-tuned"))) {
      assertThat(back.model().config()).isEqualTo(c);
    }
  }

  @Test
  void fromNothingToATunedModelRunsAndSupervisionTeachesTheTask(@TempDir Path dir) throws Exception {
    Random rnd = new Random(3);
    List<String> labeled = new ArrayList<>();
    List<String> heldOut = new ArrayList<>();
    List<String> unlabeled = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int a = rnd.nextInt(10);
      int b = rnd.nextInt(10);
      String line = String.format(Locale.ROOT, "{\"prompt\": \"%d+%d=\", \"response\": \"%d\"}", a, b, a + b);
      (i < 300 ? labeled : heldOut).add(line);
      unlabeled.add(String.format(Locale.ROOT, "{\"id\": \"u%d\", \"prompt\": \"%d+%d=\"}", i, a, b));
    }
    Files.write(dir.resolve("labeled.jsonl"), labeled);
    Files.write(dir.resolve("held-out.jsonl"), heldOut);
    Files.write(dir.resolve("unlabeled.jsonl"), unlabeled.subList(0, 80));
    String out = run(blocks().get(1), 1, dir);
    Matcher sft = Pattern.compile("after SFT: pass@1 ([0-9.]+)").matcher(out);
    assertThat(sft.find()).as(out).isTrue();
    // A fresh model answers almost none of them; 40 epochs of supervision teach most sums of digits.
    assertThat(Double.parseDouble(sft.group(1))).isGreaterThan(0.5);
    assertThat(out).contains("majority@8").contains("after TAO: pass@1");
  }

  @Test
  void aLoraPolicyIsSavedMergedAndAsPeftAdapters(@TempDir Path dir) throws Exception {
    ModelConfig c = saveTinyModel(dir.resolve("my-model"), 128);
    run(blocks().get(2), 2, dir);
    assertThat(dir.resolve("my-model-lora/model.safetensors")).exists();
    assertThat(dir.resolve("my-model-lora/adapter/adapter_config.json")).exists();
    assertThat(dir.resolve("my-model-lora/adapter/adapter_model.safetensors")).exists();
    try (DecoderPolicy back = DecoderPolicy.load(dir.resolve("my-model-lora"))) {
      assertThat(back.model().config()).isEqualTo(c);
      assertThat(back.model().adapters()).isEmpty();
    }
  }

  @Test
  void aRewardModelIsTrainedSavedAndComposedWithAJudge(@TempDir Path dir) throws Exception {
    saveTinyModel(dir.resolve("my-model"), 64);
    Random rnd = new Random(5);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 160; i++) { // the preferred answer ends with '.', the other with '!'
      pairs.add(String.format(Locale.ROOT, "{\"prompt\": \"q%d:\", \"chosen\": \"a%d.\", \"rejected\": \"b%d!\"}",
          i, rnd.nextInt(100), rnd.nextInt(100)));
    }
    Files.write(dir.resolve("pairs.jsonl"), pairs.subList(0, 128));
    Files.write(dir.resolve("held-out-pairs.jsonl"), pairs.subList(128, 160));
    String out = run(blocks().get(3), 3, dir);
    Matcher acc = Pattern.compile("held-out pairwise accuracy ([0-9.]+)").matcher(out);
    assertThat(acc.find()).as(out).isTrue();
    assertThat(Double.parseDouble(acc.group(1))).isGreaterThan(0.9);
    assertThat(Files.readString(dir.resolve("my-reward-model/config.json"))).contains("LlamaForSequenceClassification");
    assertThat(out).contains("reward: GatedScorer");
  }
}
