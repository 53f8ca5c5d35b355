package ai.tao.core.data;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import java.util.ArrayList;
import java.util.List;

/**
 * What two prompts must share to count as duplicates: the same kind (text or chat) and the same
 * content after whitespace is trimmed and collapsed. Ids and metadata do not count, and case does:
 * "Who works in HR" and "who works in hr" may well deserve different answers.
 */
record PromptKey(String text, List<ChatMessage> messages) {

  static PromptKey of(Prompt prompt) {
    if (!prompt.isChat()) {
      return new PromptKey(normalize(prompt.text()), List.of());
    }
    List<ChatMessage> normalized = new ArrayList<>(prompt.messages().size());
    for (ChatMessage m : prompt.messages()) {
      normalized.add(new ChatMessage(m.role(), normalize(m.content())));
    }
    return new PromptKey(null, List.copyOf(normalized));
  }

  /** Trims and collapses every run of whitespace to one space. */
  static String normalize(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
