package ai.tao.serve.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.serve.Gateway;
import ai.tao.serve.table.InferenceTable;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * langchain4j is optional: a JVM whose classpath is the tests' without any langchain4j jar serves a
 * chat request through the gateway and captures it into the table.
 */
class OptionalDependencyTest {

  @Test
  void theGatewayAndTheTableRunWithoutLangchain4j(@TempDir Path dir) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.asList(classpath.split(File.pathSeparator));
    assertThat(entries).as("the langchain4j jars to leave out").anyMatch(e -> e.contains("langchain4j"));
    String without = entries.stream().filter(e -> !e.contains("langchain4j"))
        .collect(Collectors.joining(File.pathSeparator));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = dir.resolve("probe.log");
    Process p = new ProcessBuilder(java.toString(), "-cp", without, Probe.class.getName(), dir.resolve("table")
        .toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
    String output = Files.readString(log);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output.lines()).contains("no langchain4j", "1 row").anyMatch(l -> l.startsWith("200 {"));
  }

  /** Runs in the JVM without langchain4j: one chat request through a gateway, captured. */
  static final class Probe {
    public static void main(String[] args) throws Exception {
      try {
        Class.forName("dev.langchain4j.model.chat.ChatModel");
        System.out.println("langchain4j IS on the classpath");
        System.exit(2);
      } catch (ClassNotFoundException expected) {
        System.out.println("no langchain4j");
      }
      try (InferenceTable table = InferenceTable.open(Path.of(args[0]));
          Gateway gateway = Gateway.builder().policy(new Fixed(), "v1").port(0).inferenceTable(table).build()
              .start()) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUri()
            + "/v1/chat/completions")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
            .ofString("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        System.out.println(r.statusCode() + " " + r.body());
        table.flush();
        System.out.println(table.count() + " row");
      }
    }
  }

  /** Answers every prompt with "hello": no model, so the probe loads nothing but the gateway's code. */
  static final class Fixed implements Policy {
    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
      List<Rollout> out = new ArrayList<>();
      for (Prompt prompt : prompts) {
        out.add(new Rollout(prompt, new int[] {1, 2}, params, List.of(new Completion("hello", new int[] {7},
            new float[] {-0.5f}, FinishReason.EOS))));
      }
      return out;
    }

    @Override
    public void save(Path dir) {}

    @Override
    public void close() {}
  }
}
