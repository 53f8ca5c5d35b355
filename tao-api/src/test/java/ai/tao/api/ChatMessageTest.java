package ai.tao.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChatMessageTest {

  @Test
  void factoriesUseConventionalRoles() {
    assertThat(ChatMessage.user("hi")).isEqualTo(new ChatMessage("user", "hi"));
    assertThat(ChatMessage.system("be brief").role()).isEqualTo("system");
    assertThat(ChatMessage.assistant("").content()).isEmpty();
  }

  @Test
  void rejectsBlankRole() {
    assertThatThrownBy(() -> new ChatMessage("  ", "hi"))
        .isInstanceOf(DataInputException.class)
        .hasMessageContaining("role");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> new ChatMessage(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("role");
    assertThatThrownBy(() -> new ChatMessage("user", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("content");
  }
}
