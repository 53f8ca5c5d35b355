package ai.tao.serve.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.Gateway;
import ai.tao.serve.TinyPolicies;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceRow;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real langchain4j {@code OpenAiChatModel}, with the capture listener attached, against a real
 * gateway on loopback: the app's rows land in the listener's table as the gateway's land in its own.
 */
class CaptureOverGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static DecoderPolicy policy;
  static InferenceTable gatewayTable;
  static Gateway gateway;

  @BeforeAll
  static void start() {
    policy = TinyPolicies.tiny(1);
    gatewayTable = InferenceTable.open(dir.resolve("gateway"));
    gateway = Gateway.builder().policy(policy, "version-1").port(0).maxTokensLimit(32).defaultMaxTokens(8)
        .maxWait(Duration.ofMillis(2)).inferenceTable(gatewayTable).seed(5).build().start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    gatewayTable.close();
    policy.close();
  }

  static OpenAiChatModel.OpenAiChatModelBuilder client(String baseUrl, InferenceCaptureListener capture) {
    return OpenAiChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("not-checked").modelName("tao").maxTokens(8)
        .seed(11).maxRetries(0).timeout(Duration.ofSeconds(30)).listeners(List.of(capture));
  }

  @Test
  void anAppsChatsLandInTheListenersTableAsTheGatewaysLandInItsOwn(@TempDir Path appDir) throws IOException {
    try (InferenceTable appTable = InferenceTable.open(appDir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(appTable);
      ChatModel model = client(gateway.baseUri().toString(), capture).build();
      gatewayTable.flush();
      long gatewayRowsBefore = gatewayTable.count();

      List<ChatResponse> answers = new ArrayList<>();
      answers.add(model.chat(UserMessage.from("What is the capital of France?")));
      answers.add(model.chat(SystemMessage.from("Answer in SQL."), UserMessage.from("Count the orders")));
      answers.add(model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).temperature(0.5).topP(0.9)
          .maxOutputTokens(5).build()));

      appTable.flush();
      gatewayTable.flush();
      assertThat(capture.stats()).isEqualTo(new CaptureStats(3, 0, 0, 0, 0));
      assertThat(appTable.count()).isEqualTo(3);
      assertThat(gatewayTable.count()).isEqualTo(gatewayRowsBefore + 3);
      List<InferenceRow> rows = appTable.rowsSince(0, 10);
      for (int i = 0; i < answers.size(); i++) {
        ChatResponse answer = answers.get(i);
        Inference row = rows.get(i).inference();
        assertThat(row.requestId()).isEqualTo(answer.id()).startsWith("chatcmpl-");
        assertThat(row.endpoint()).isEqualTo(Inference.CHAT);
        assertThat(row.modelVersion()).isEqualTo(answer.modelName()).isEqualTo("version-1");
        assertThat(row.responseText()).isEqualTo(answer.aiMessage().text());
        assertThat(row.promptTokens()).isEqualTo(answer.tokenUsage().inputTokenCount()).isPositive();
        assertThat(row.completionTokens()).isEqualTo(answer.tokenUsage().outputTokenCount()).isPositive();
        assertThat(row.finishReason()).isIn("stop", "length");
        assertThat(row.latencyMs()).isNotNegative();
        assertThat(rows.get(i).feedback()).isEmpty();
        JsonNode choices = JSON.readTree(row.responseJson());
        assertThat(choices).hasSize(1);
        assertThat(choices.get(0).path("text").asText()).isEqualTo(answer.aiMessage().text());
        // the messages as the app sent them are the messages the gateway received and recorded
        Inference atGateway = gatewayRow(answer.id());
        assertThat(JSON.readTree(row.requestJson()).path("messages"))
            .isEqualTo(JSON.readTree(atGateway.requestJson()).path("messages"));
        assertThat(atGateway.responseText()).isEqualTo(row.responseText());
      }
      JsonNode second = JSON.readTree(rows.get(1).inference().requestJson());
      assertThat(second.path("messages").get(0).path("role").asText()).isEqualTo("system");
      assertThat(second.path("messages").get(1).path("content").asText()).isEqualTo("Count the orders");
      JsonNode third = JSON.readTree(rows.get(2).inference().requestJson());
      assertThat(third.path("model").asText()).isEqualTo("tao");
      assertThat(third.path("temperature").asDouble()).isEqualTo(0.5);
      assertThat(third.path("top_p").asDouble()).isEqualTo(0.9);
      assertThat(third.path("max_tokens").asInt()).isEqualTo(5);
    }
  }

  @Test
  void aCallTheGatewayRefusesIsCountedAsAnErrorAndNotRecorded(@TempDir Path appDir) {
    try (InferenceTable appTable = InferenceTable.open(appDir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(appTable);
      ChatModel unknownModel = client(gateway.baseUri().toString(), capture).modelName("no-such-model").build();
      assertThatThrownBy(() -> unknownModel.chat("Hello")).hasMessageContaining("no-such-model"); // a 404
      ChatModel tooLong = client(gateway.baseUri().toString(), capture).maxTokens(1000).build();
      assertThatThrownBy(() -> tooLong.chat("Hello")).hasMessageContaining("max_tokens"); // a 400

      appTable.flush();
      assertThat(capture.stats()).isEqualTo(new CaptureStats(0, 0, 0, 0, 2));
      assertThat(appTable.count()).isZero();
    }
  }

  @Test
  void aCallToAClosedGatewayIsCountedAsAnErrorAndNotRecorded(@TempDir Path appDir) {
    DecoderPolicy other = TinyPolicies.tiny(2);
    Gateway closed = Gateway.builder().policy(other, "gone").port(0).build().start();
    String baseUrl = closed.baseUri().toString();
    closed.close();
    other.close();
    try (InferenceTable appTable = InferenceTable.open(appDir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(appTable);
      ChatModel model = client(baseUrl, capture).build();
      assertThatThrownBy(() -> model.chat("Anyone there?")).isInstanceOf(RuntimeException.class);

      appTable.flush();
      assertThat(capture.stats()).isEqualTo(new CaptureStats(0, 0, 0, 0, 1));
      assertThat(appTable.count()).isZero();
    }
  }

  private static Inference gatewayRow(String requestId) {
    return gatewayTable.rowsSince(0, 1000).stream().map(InferenceRow::inference)
        .filter(r -> r.requestId().equals(requestId)).findFirst().orElseThrow();
  }
}
