package ai.tao.serve.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.serve.table.Inference;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  final RequestParser parser = new RequestParser(new RequestParser.Limits(100, 16, 4));

  CompletionRequest chat(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), "chatcmpl-1", Inference.CHAT);
  }

  @Test
  void aFullChatRequestMapsOntoPromptAndSamplingParams() {
    CompletionRequest r = chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi \"},{\"type\":\"text\",\"text\":\"there\"}]}],"
        + "\"max_completion_tokens\":20,\"temperature\":0.5,\"top_p\":0.9,\"top_k\":40,\"n\":2,\"stop\":\"\\n\","
        + "\"seed\":-7,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"ignored\"}");
    assertThat(r.prompt().messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Hi there"));
    assertThat(r.prompt().id()).isEqualTo("chatcmpl-1");
    assertThat(r.sampling().maxNewTokens()).isEqualTo(20);
    assertThat(r.sampling().temperature()).isEqualTo(0.5);
    assertThat(r.sampling().topP()).isEqualTo(0.9);
    assertThat(r.sampling().topK()).isEqualTo(40);
    assertThat(r.sampling().candidatesPerPrompt()).isEqualTo(2);
    assertThat(r.sampling().stopStrings()).containsExactly("\n");
    assertThat(r.sampling().seed()).isEqualTo(-7);
    assertThat(r.seeded()).isTrue();
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.requestJson()).startsWith("{\"model\":\"tao\"").doesNotContain("\n  ");
  }

  @Test
  void nullFieldsAreAbsentAndDefaultsApply() {
    CompletionRequest r = chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"max_tokens\":null,\"seed\":null,\"stop\":null,\"n\":null,\"temperature\":null}");
    assertThat(r.sampling().maxNewTokens()).isEqualTo(16);
    assertThat(r.sampling().temperature()).isEqualTo(1.0);
    assertThat(r.sampling().candidatesPerPrompt()).isEqualTo(1);
    assertThat(r.sampling().stopStrings()).isEmpty();
    assertThat(r.seeded()).isFalse();
    assertThat(r.stream()).isFalse();
  }

  @Test
  void aCompletionTakesAStringOrAnArrayOfOne() {
    CompletionRequest r = parser.parse("{\"model\":\"m\",\"prompt\":[\"abc\"]}".getBytes(StandardCharsets.UTF_8),
        "cmpl-1", Inference.COMPLETIONS);
    assertThat(r.prompt().text()).isEqualTo("abc");
    assertThat(r.chat()).isFalse();
  }

  @Test
  void errorsNameTheFieldAndNeverEchoTheValue() {
    assertThatThrownBy(() -> chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"top_p\":0}")).isInstanceOf(ApiError.class).hasMessageContaining("top_p must be a number in (0.0, 1.0]");
    assertThatThrownBy(() -> chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"max_tokens\":4.0}")).hasMessageContaining("max_tokens must be an integer from 1 to 100, got 4.0");
    assertThatThrownBy(() -> chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}")).hasMessageContaining("at most 4");
    assertThatThrownBy(() -> chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"\",\"content\":\"x\"}]}"))
        .hasMessageContaining("messages[0].role");
    assertThatThrownBy(() -> chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"image_url\"}]}]}")).hasMessageContaining("text only");
    assertThatThrownBy(() -> chat("{\"model\":\"secret-value\",\"messages\":\"secret-value\"}"))
        .hasMessageContaining("messages must be a non-empty array").hasMessageNotContaining("secret-value");
    assertThatThrownBy(() -> chat("{\"model\":\"tao\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"seed\":123456789012345678901234567890}")).hasMessageContaining("got 1234567890");
    ApiError e = (ApiError) org.assertj.core.api.Assertions.catchThrowable(() -> chat("{\"model\":1}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.body().path("error").path("param").asText()).isEqualTo("model");
  }

  @Test
  void streamPiecesNeverSplitASurrogatePair() {
    assertThat(Responses.pieces("ab😀cdef𝄞")).containsExactly("ab😀c", "def𝄞");
    assertThat(String.join("", Responses.pieces("x".repeat(9)))).hasSize(9);
    assertThat(Responses.pieces("")).isEmpty();
  }
}
