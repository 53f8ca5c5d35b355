package ai.tao.serve.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.Gateway;
import ai.tao.serve.TinyPolicies;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tuned policy behind langchain4j's ChatModel: served as the gateway serves the same request. */
class PolicyChatModelTest {
  static DecoderPolicy local;
  static DecoderPolicy served; // the same weights (same seed) behind a gateway: a policy is used by one caller

  @BeforeAll
  static void load() {
    local = TinyPolicies.tiny(1);
    served = TinyPolicies.tiny(1);
  }

  @AfterAll
  static void close() {
    local.close();
    served.close();
  }

  static ChatRequest question(int maxTokens) {
    return ChatRequest.builder().messages(SystemMessage.from("Be brief."), UserMessage.from("Hello there"))
        .temperature(0.9).topP(0.95).maxOutputTokens(maxTokens).build();
  }

  @Test
  void theReplyIsTheGatewaysForTheSameSeedAndParameters() {
    ChatModel model = PolicyChatModel.builder().policy(local).version("version-1").seed(42).build();
    ChatResponse direct = model.chat(question(12));
    try (Gateway gateway = Gateway.builder().policy(served, "version-1").port(0).maxWait(Duration.ofMillis(1))
        .build().start()) {
      ChatModel client = OpenAiChatModel.builder().baseUrl(gateway.baseUri() + "/v1").modelName("tao").seed(42)
          .maxRetries(0).build();
      ChatResponse viaGateway = client.chat(question(12));

      assertThat(direct.aiMessage().text()).isNotEmpty().isEqualTo(viaGateway.aiMessage().text());
      assertThat(direct.tokenUsage().inputTokenCount()).isEqualTo(viaGateway.tokenUsage().inputTokenCount());
      assertThat(direct.tokenUsage().outputTokenCount()).isEqualTo(viaGateway.tokenUsage().outputTokenCount());
      assertThat(direct.tokenUsage().totalTokenCount()).isEqualTo(viaGateway.tokenUsage().totalTokenCount());
      assertThat(direct.finishReason()).isEqualTo(viaGateway.finishReason());
      assertThat(direct.modelName()).isEqualTo(viaGateway.modelName()).isEqualTo("version-1");
      assertThat(direct.id()).startsWith("chatcmpl-");
    }
  }

  @Test
  void aSeededModelRepeatsItselfAndCountsTokensAsThePolicyDoes() {
    ChatModel model = PolicyChatModel.builder().policy(local).seed(7).build();
    ChatResponse first = model.chat(question(10));
    ChatResponse second = model.chat(question(10));

    assertThat(first.aiMessage().text()).isNotEmpty().isEqualTo(second.aiMessage().text());
    // the prompt the policy was fed: both messages through its chat template
    Prompt asTao = Prompt.ofMessages("q", List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello there")));
    int promptTokens = local.encode(asTao).length;
    assertThat(first.tokenUsage().inputTokenCount()).isEqualTo(promptTokens);
    // the completion's tokens as the policy samples them alone, with the settings the request asked for
    Rollout alone = local.sample(List.of(asTao), SamplingParams.builder().temperature(0.9).topP(0.95)
        .maxNewTokens(10).seed(7).build()).get(0);
    assertThat(alone.completion(0).text()).isEqualTo(first.aiMessage().text());
    assertThat(first.tokenUsage().outputTokenCount()).isEqualTo(alone.completion(0).length()).isBetween(1, 10);
    assertThat(first.tokenUsage().totalTokenCount()).isEqualTo(promptTokens + alone.completion(0).length());
    assertThat(first.finishReason()).isEqualTo(alone.completion(0).finishReason() == ai.tao.api.FinishReason.LENGTH
        ? FinishReason.LENGTH : FinishReason.STOP);
  }

  @Test
  void aReplyThatRunsOutOfTokensEndsWithLength() {
    ChatResponse r = PolicyChatModel.builder().policy(local).seed(3).build().chat(question(1));
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(1);
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void theDefaultsAreTheGatewaysAndAppearInTheRequestParameters() {
    PolicyChatModel model = PolicyChatModel.builder().policy(local).build();
    ChatRequestParameters d = model.defaultRequestParameters();
    assertThat(model.version()).isEqualTo(local.name());
    assertThat(d.modelName()).isEqualTo(local.name());
    assertThat(d.temperature()).isEqualTo(1.0);
    assertThat(d.topP()).isEqualTo(1.0);
    assertThat(d.maxOutputTokens()).isEqualTo(256);
    assertThat(model.supportedCapabilities()).isEmpty();
  }

  @Test
  void unseededCallsDrawAFreshSeedEachTime() {
    ChatModel model = PolicyChatModel.builder().policy(local).build();
    List<String> replies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replies.add(model.chat(question(12)).aiMessage().text());
    }
    assertThat(replies).doesNotHaveDuplicates(); // gibberish of 12 tokens at temperature 0.9: a repeat is ~never
  }

  @Test
  void concurrentCallsReachThePolicyOneAtATime() throws Exception {
    TinyPolicies.Recording recording = new TinyPolicies.Recording(local);
    ChatModel model = PolicyChatModel.builder().policy(recording).seed(1).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        replies.add(pool.submit(() -> model.chat(question(6)).aiMessage().text()));
      }
      String first = replies.get(0).get();
      for (Future<String> f : replies) {
        assertThat(f.get()).isEqualTo(first); // one seed, one prompt: serialised calls do not disturb each other
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(recording.batchSizes).hasSize(8).containsOnly(1);
    assertThat(recording.mostAtOnce).hasValue(1);
  }

  @Test
  void theReadmesLinesBuild(@TempDir Path dir) {
    try (InferenceTable table = InferenceTable.open(dir)) {
      String key = "sk-not-used";
      Policy policy = local;
      // README, "The flywheel: serve, capture, tune, gate, promote" (a fragment, so ReadmeExampleTest leaves it out)
      InferenceCaptureListener capture = InferenceCaptureListener.of(table); // any provider's ChatModel
      ChatModel model = OpenAiChatModel.builder().apiKey(key).modelName("gpt-4o-mini").listeners(List.of(capture))
          .build();
      ChatModel tuned = PolicyChatModel.builder().policy(policy).build(); // served as the gateway serves it
      assertThat(model.listeners()).containsExactly(capture);
      // the default 256 output tokens do not fit the tiny policy's 256 positions: its refusal reaches the app
      assertThatThrownBy(() -> tuned.chat("Hi")).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("max_position_embeddings");
    }
  }

  @Test
  void aCaptureListenerOnThePolicyModelRecordsItsAnswers(@TempDir Path dir) {
    try (InferenceTable table = InferenceTable.open(dir)) {
      InferenceCaptureListener capture = InferenceCaptureListener.of(table);
      ChatModel model = PolicyChatModel.builder().policy(local).version("tuned-3").seed(5)
          .listeners(List.of(capture)).build();
      ChatResponse r = model.chat(question(8));
      table.flush();

      assertThat(capture.stats().recorded()).isEqualTo(1);
      Inference row = table.rowsSince(0, 10).get(0).inference();
      assertThat(row.requestId()).isEqualTo(r.id());
      assertThat(row.modelVersion()).isEqualTo("tuned-3");
      assertThat(row.responseText()).isEqualTo(r.aiMessage().text());
      assertThat(row.promptTokens()).isEqualTo(r.tokenUsage().inputTokenCount());
      assertThat(row.completionTokens()).isEqualTo(r.tokenUsage().outputTokenCount());
      assertThat(row.requestJson()).contains("\"model\":\"tuned-3\"").contains("\"content\":\"Hello there\"")
          .contains("\"max_tokens\":8");
    }
  }
}
