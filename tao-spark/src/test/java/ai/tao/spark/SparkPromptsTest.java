package ai.tao.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompts from Spark sources: JSON, Parquet, and the flywheel's inference table through Spark's JDBC source. */
class SparkPromptsTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("tao-prompts-test").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void jsonAndParquetTablesGiveTheSamePromptsTextChatAndMetadata(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("prompts.jsonl");
    Files.writeString(json, String.join("\n",
        "{\"id\":\"a\",\"text\":\"How many orders?\",\"metadata\":{\"source\":\"app\",\"line\":\"1\"}}",
        "{\"id\":\"b\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Total revenue?\"}]}",
        "{\"id\":\"c\",\"text\":\"List the clients.\",\"extra\":42}"));
    List<Prompt> fromJson = SparkPrompts.collect(spark.read().json(json.toString()));
    assertThat(fromJson).containsExactly(
        new Prompt("a", "How many orders?", List.of(), Map.of("line", "1", "source", "app")),
        Prompt.ofMessages("b", List.of(ChatMessage.system("Be brief."), ChatMessage.user("Total revenue?"))),
        Prompt.ofText("c", "List the clients."));
    Path parquet = dir.resolve("prompts.parquet");
    spark.read().json(json.toString()).write().parquet(parquet.toString());
    PromptSource source = SparkPrompts.from(spark.read().parquet(parquet.toString()).orderBy("id"));
    assertThat(source.prompts(0)).isEqualTo(fromJson);
    assertThat(source.describe()).contains("3 prompts");
  }

  @Test
  void aTableThatBreaksTheLayoutIsRefusedNamingTheColumnOrTheRow(@TempDir Path dir) throws Exception {
    Path noId = dir.resolve("no-id.jsonl");
    Files.writeString(noId, "{\"text\":\"hello\"}\n");
    assertThatThrownBy(() -> SparkPrompts.collect(spark.read().json(noId.toString())))
        .isInstanceOf(DataInputException.class).hasMessageContaining("no 'id' column").hasMessageContaining("[text]");
    Path numeric = dir.resolve("numeric.jsonl");
    Files.writeString(numeric, "{\"id\":\"a\",\"text\":3}\n");
    assertThatThrownBy(() -> SparkPrompts.collect(spark.read().json(numeric.toString())))
        .isInstanceOf(DataInputException.class).hasMessageContaining("column 'text'").hasMessageContaining("bigint")
        .hasMessageContaining("expected string");
    Path twice = dir.resolve("twice.jsonl");
    Files.writeString(twice, "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n");
    assertThatThrownBy(() -> SparkPrompts.collect(spark.read().json(twice.toString())))
        .isInstanceOf(DataInputException.class).hasMessageContaining("prompt id 'a' appears twice");
    Path neither = dir.resolve("neither.jsonl");
    Files.writeString(neither, "{\"id\":\"a\",\"question\":\"x\"}\n");
    assertThatThrownBy(() -> SparkPrompts.collect(spark.read().json(neither.toString())))
        .isInstanceOf(DataInputException.class).hasMessageContaining("neither a 'text' nor a 'messages' column");
  }

  @Test
  void theInferenceTableIsReadThroughSparksJdbcSourceAsTheFlywheelReadsIt(@TempDir Path dir) {
    String url;
    try (InferenceTable table = InferenceTable.open(dir)) {
      url = table.jdbcUrl();
      record(table, "chatcmpl-1", Inference.CHAT,
          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Top client?\"}]}");
      record(table, "cmpl-2", Inference.COMPLETIONS, "{\"model\":\"m\",\"prompt\":\"SELECT\"}");
      record(table, "chatcmpl-3", Inference.CHAT, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"");
      record(table, "chatcmpl-4", Inference.CHAT,
          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
          + "{\"role\":\"assistant\",\"content\":\"Hello\"}]}");
      table.flush();
    }
    Dataset<Row> rows = spark.read().jdbc(url, InferenceTable.DEFAULT_TABLE, new Properties());
    List<Prompt> prompts = SparkPrompts.fromInferenceTable(rows, true).prompts(0);
    assertThat(prompts).extracting(Prompt::id).containsExactly("row-1", "row-2");
    assertThat(prompts.get(0).messages()).containsExactly(ChatMessage.user("Top client?"));
    assertThat(prompts.get(1).text()).isEqualTo("SELECT");
    assertThat(prompts.get(0).metadata()).containsEntry("row_id", "1").containsEntry("model_version", "v1");
    assertThatThrownBy(() -> SparkPrompts.fromInferenceTable(rows, false)).isInstanceOf(DataInputException.class)
        .hasMessageContaining("inference table row 3 cannot be read as a prompt");
    assertThatThrownBy(() -> SparkPrompts.fromInferenceTable(rows.drop("REQUEST_JSON"), true))
        .isInstanceOf(DataInputException.class).hasMessageContaining("no 'request_json' column");
  }

  private static void record(InferenceTable table, String requestId, String endpoint, String requestJson) {
    table.record(new Inference(requestId, Instant.parse("2026-01-02T03:04:05Z"), endpoint, "v1", requestJson, "ok",
        "[{\"index\":0,\"text\":\"ok\",\"finish_reason\":\"stop\"}]", "stop", 3, 1, 5));
  }
}
