package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTest {

  @Test
  void textPromptHasTextAndNoMessages() {
    Prompt p = Prompt.ofText("p1", "2+2=");
    assertThat(p.textOpt()).contains("2+2=");
    assertThat(p.isChat()).isFalse();
    assertThat(p.messages()).isEmpty();
    assertThat(p.metadata()).isEmpty();
  }

  @Test
  void chatPromptHasMessagesAndNoText() {
    Prompt p = Prompt.ofMessages("c1", List.of(ChatMessage.user("hello")));
    assertThat(p.isChat()).isTrue();
    assertThat(p.textOpt()).isEmpty();
    assertThat(p.messages()).containsExactly(ChatMessage.user("hello"));
  }

  @Test
  void emptyTextIsStillText() {
    assertThat(Prompt.ofText("e", "").textOpt()).contains("");
  }

  @Test
  void rejectsNeitherTextNorMessages() {
    assertThatThrownBy(() -> Prompt.ofMessages("p9", List.of()))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("p9")
        .hasMessageContaining("neither");
  }

  @Test
  void rejectsBothTextAndMessages() {
    assertThatThrownBy(
            () -> new Prompt("p7", "text", List.of(ChatMessage.user("a"), ChatMessage.user("b")),
                Map.of()))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("p7")
        .hasMessageContaining("both text and 2 messages");
  }

  @Test
  void rejectsBlankId() {
    assertThatThrownBy(() -> Prompt.ofText(" ", "x"))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("id");
  }

  @Test
  void ofTextRejectsNullText() {
    assertThatThrownBy(() -> Prompt.ofText("p", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void collectionsAreCopiedAndImmutable() {
    List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user("a")));
    Map<String, String> metadata = new HashMap<>(Map.of("source", "a.jsonl"));
    Prompt p = new Prompt("p", null, messages, metadata);
    messages.add(ChatMessage.user("b"));
    metadata.put("line", "3");

    assertThat(p.messages()).hasSize(1);
    assertThat(p.metadata()).containsOnlyKeys("source");
    assertThatThrownBy(() -> p.messages().add(ChatMessage.user("c")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.metadata().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullMessageElementIsNamed() {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.user("a"));
    messages.add(null);
    assertThatThrownBy(() -> Prompt.ofMessages("p", messages))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("messages")
        .hasMessageContaining("index 1");
  }

  @Test
  void withMetadataAddsAndReplacesWithoutTouchingTheOriginal() {
    Prompt original = Prompt.ofText("p", "x").withMetadata("source", "a.jsonl");
    Prompt updated = original.withMetadata("line", "12").withMetadata("source", "b.jsonl");

    assertThat(original.metadata()).containsExactly(Map.entry("source", "a.jsonl"));
    assertThat(updated.metadata())
        .containsExactly(Map.entry("source", "b.jsonl"), Map.entry("line", "12"));
    assertThat(updated.id()).isEqualTo("p");
    assertThat(updated.textOpt()).contains("x");
  }

  @Test
  void withMetadataRejectsBlankKey() {
    assertThatThrownBy(() -> Prompt.ofText("p", "x").withMetadata("", "v"))
        .isInstanceOf(DataInputException.class);
  }
}
