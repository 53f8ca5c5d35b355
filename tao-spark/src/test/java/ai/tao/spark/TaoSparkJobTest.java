package ai.tao.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.core.TuneResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry point, run on local[2] with the arguments the README gives. */
class TaoSparkJobTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("tao-job-test").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aJsonPromptTableIsTunedOnePassAndTheTunedModelAndMetricsAreWritten(@TempDir Path dir) throws Exception {
    Path base = TinyRun.base(dir.resolve("base"));
    List<String> lines = new ArrayList<>();
    for (Prompt p : TinyRun.prompts()) {
      lines.add("{\"id\":\"" + p.id() + "\",\"text\":\"" + p.text() + "\"}");
    }
    Path prompts = Files.write(dir.resolve("prompts.jsonl"), lines);
    Path out = dir.resolve("out");
    TuneResult r = TaoSparkJob.run(spark, "base=" + base, "out=" + out, "snapshots=" + dir.resolve("snapshots"),
        "prompts=" + prompts, "format=json", "scorer=regex", "scorer.rule.early=[a-m]", "scorer.rule.late=[n-z]",
        "candidates=4", "maxNewTokens=8", "promptsPerStep=4", "learningRate=1e-2", "maxBatchRows=8");
    assertThat(r.steps()).hasSize(2); // 8 prompts, 4 per step, one pass
    assertThat(out.resolve("tuned/model.safetensors")).exists();
    assertThat(out.resolve("tuned/config.json")).exists();
    assertThat(Files.readString(out.resolve("metrics.jsonl"))).contains("\"event\":\"step\"")
        .contains("\"staleness\":0").contains("\"scorer\":\"regex\"");
    assertThat(TinyRun.weights(out.resolve("tuned"))).isNotEqualTo(TinyRun.weights(base));
  }

  @Test
  void badArgumentsAreRefusedNamingTheKey(@TempDir Path dir) {
    assertThatThrownBy(() -> TaoSparkJob.run(spark, "bogus=1")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown argument 'bogus'").hasMessageContaining("snapshots");
    assertThatThrownBy(() -> TaoSparkJob.run(spark, "prompts")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not key=value");
    assertThatThrownBy(() -> TaoSparkJob.run(spark, "format=csv")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("format must be parquet, json or jdbc, got 'csv'");
    assertThatThrownBy(() -> TaoSparkJob.run(spark, "format=jdbc")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing argument url=");
  }
}
