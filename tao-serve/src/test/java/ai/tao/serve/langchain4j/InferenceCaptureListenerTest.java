package ai.tao.serve.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener on its own, over a stub provider: what it records, what it leaves out, and that it never throws. */
class InferenceCaptureListenerTest {
  @TempDir Path dir;

  /** A provider that answers with whatever {@code answer} makes of the request. */
  static ChatModel provider(InferenceCaptureListener capture, Function<ChatRequest, ChatResponse> answer) {
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        return answer.apply(request);
      }

      @Override
      public List<ChatModelListener> listeners() {
        return List.of(capture);
      }
    };
  }

  @Test
  void anAnswerWithoutIdModelOrUsageIsStillRecorded() {
    try (InferenceTable table = InferenceTable.open(dir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(table);
      ChatModel model = provider(capture, r -> ChatResponse.builder().aiMessage(AiMessage.from("Paris")).build());
      assertThat(model.chat("Capital of France?")).isEqualTo("Paris");
      table.flush();

      Inference row = table.rowsSince(0, 10).get(0).inference();
      assertThat(row.requestId()).startsWith("lc4j-");
      assertThat(row.modelVersion()).isEqualTo("unknown");
      assertThat(row.finishReason()).isEqualTo("other");
      assertThat(row.promptTokens()).isZero();
      assertThat(row.completionTokens()).isZero();
      assertThat(row.requestJson()).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
      assertThat(row.responseJson()).isEqualTo("[{\"index\":0,\"text\":\"Paris\",\"finish_reason\":\"other\"}]");
    }
  }

  @Test
  void theProvidersFinishReasonIsRecordedInOpenAisWords() {
    assertThat(InferenceCaptureListener.finishReason(FinishReason.STOP)).isEqualTo("stop");
    assertThat(InferenceCaptureListener.finishReason(FinishReason.LENGTH)).isEqualTo("length");
    assertThat(InferenceCaptureListener.finishReason(FinishReason.CONTENT_FILTER)).isEqualTo("content_filter");
    assertThat(InferenceCaptureListener.finishReason(FinishReason.TOOL_EXECUTION)).isEqualTo("tool_calls");
    assertThat(InferenceCaptureListener.finishReason(FinishReason.OTHER)).isEqualTo("other");
  }

  @Test
  void aCallThatIsNotATextConversationIsSkippedNotRecorded() {
    try (InferenceTable table = InferenceTable.open(dir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(table);
      ChatModel model = provider(capture, r -> ChatResponse.builder().aiMessage(AiMessage.from("It is sunny"))
          .tokenUsage(new TokenUsage(10, 3)).finishReason(FinishReason.STOP).build());
      ToolSpecification weather = ToolSpecification.builder().name("get_weather").build();
      model.chat(ChatRequest.builder().messages(UserMessage.from("Weather?")).toolSpecifications(weather).build());
      table.flush();

      assertThat(capture.stats()).isEqualTo(new CaptureStats(0, 0, 1, 0, 0));
      assertThat(table.count()).isZero();
    }
  }

  @Test
  void aClosedTableDropsTheRowAndTheAppsCallGoesOn() {
    InferenceTable table = InferenceTable.open(dir);
    table.close();
    InferenceCaptureListener capture = InferenceCaptureListener.of(table);
    ChatModel model = provider(capture, r -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
    assertThat(model.chat("Still there?")).isEqualTo("ok");
    assertThat(capture.stats()).isEqualTo(new CaptureStats(0, 1, 0, 0, 0));
  }

  @Test
  void aFailureInsideTheListenerIsCountedNeverThrown() {
    try (InferenceTable table = InferenceTable.open(dir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(table);
      ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Hi")).build();
      ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("Hello")).build();
      // an immutable attributes map: the listener cannot take its start time out of it
      capture.onResponse(new ChatModelResponseContext(response, request, null, Map.of()));
      table.flush();

      assertThat(capture.stats()).isEqualTo(new CaptureStats(0, 0, 0, 1, 0));
      assertThat(table.count()).isZero();
    }
  }
}
