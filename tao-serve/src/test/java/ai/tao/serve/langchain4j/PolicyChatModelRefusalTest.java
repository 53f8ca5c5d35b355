package ai.tao.serve.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.serve.table.InferenceTable;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a policy cannot serve is refused by name, before the policy is called. */
class PolicyChatModelRefusalTest {
  /** Fails the test if it is ever sampled: a refusal must come first. */
  static final class NeverSampled implements Policy {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() {
      return "never-sampled";
    }

    @Override
    public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
      calls.incrementAndGet();
      throw new AssertionError("a refused request reached the policy");
    }

    @Override
    public void save(Path dir) {}

    @Override
    public void close() {}
  }

  final NeverSampled policy = new NeverSampled();
  final ChatModel model = PolicyChatModel.builder().policy(policy).build();

  static ChatRequest.Builder hello() {
    return ChatRequest.builder().messages(UserMessage.from("Hello"));
  }

  @Test
  void toolsAreRefusedByName() {
    ToolSpecification weather = ToolSpecification.builder().name("get_weather").description("the weather").build();
    assertThatThrownBy(() -> model.chat(hello().toolSpecifications(weather).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot serve tools")
        .hasMessageContaining("get_weather");
  }

  @Test
  void toolCallsAndToolResultsInTheConversationAreRefused() {
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("get_weather").arguments("{}").build();
    assertThatThrownBy(() -> model.chat(UserMessage.from("Weather?"), AiMessage.from(call)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool calls")
        .hasMessageContaining("messages[1]");
    assertThatThrownBy(() -> model.chat(UserMessage.from("Weather?"), ToolExecutionResultMessage.from(call, "sunny")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool results")
        .hasMessageContaining("get_weather");
  }

  @Test
  void imagesAreRefusedWithWhereTheyAre() {
    UserMessage withImage = UserMessage.from(TextContent.from("What is this?"),
        ImageContent.from("https://example.com/cat.png"));
    assertThatThrownBy(() -> model.chat(withImage)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("image content").hasMessageContaining("messages[0].content[1]");
  }

  @Test
  void aJsonResponseFormatIsRefused() {
    JsonSchema schema = JsonSchema.builder().name("answer")
        .rootElement(JsonObjectSchema.builder().addStringProperty("text").build()).build();
    ResponseFormat withSchema = ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build();
    assertThatThrownBy(() -> model.chat(hello().responseFormat(withSchema).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("JSON schema response format")
        .hasMessageContaining("'answer'");
    assertThatThrownBy(() -> model.chat(hello().responseFormat(ResponseFormat.JSON).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("JSON response format");
  }

  @Test
  void anotherModelNameIsRefused() {
    assertThatThrownBy(() -> model.chat(hello().modelName("gpt-4o").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'gpt-4o'")
        .hasMessageContaining("'never-sampled'");
  }

  @Test
  void aParameterOutOfTheGatewaysRangeIsRefusedWithTheGatewaysMessage() {
    assertThatThrownBy(() -> model.chat(hello().temperature(3.5).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("temperature must be a number in [0.0, 2.0]");
    assertThatThrownBy(() -> model.chat(hello().stopSequences(List.of("a", "b", "c", "d", "e")).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("stop");
  }

  @Test
  void nothingRefusedReachedThePolicyAndTheListenerCountedEachAsAnError(@TempDir Path dir) {
    try (InferenceTable table = InferenceTable.open(dir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(table);
      ChatModel listened = PolicyChatModel.builder().policy(policy).listeners(List.of(capture)).build();
      assertThatThrownBy(() -> listened.chat(hello().responseFormat(ResponseFormat.JSON).build()))
          .isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> listened.chat(hello().modelName("other").build()))
          .isInstanceOf(ConfigurationException.class);
      table.flush();
      assertThat(capture.stats()).isEqualTo(new CaptureStats(0, 0, 0, 0, 2));
      assertThat(table.count()).isZero();
    }
    assertThat(policy.calls).hasValue(0);
  }

  @Test
  void theBuilderRefusesBadDefaultsByName() {
    assertThatThrownBy(() -> PolicyChatModel.builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no policy");
    assertThatThrownBy(() -> PolicyChatModel.builder().policy(policy).temperature(2.5).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("temperature").hasMessageContaining("2.5");
    assertThatThrownBy(() -> PolicyChatModel.builder().policy(policy).topP(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("topP");
    assertThatThrownBy(() -> PolicyChatModel.builder().policy(policy).maxOutputTokens(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxOutputTokens");
    assertThatThrownBy(() -> PolicyChatModel.builder().policy(policy).version(" ").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("version");
  }
}
