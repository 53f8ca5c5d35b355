package ai.tao.rewards.internal;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pulling the interesting part out of a completion: a fenced block, a bracketed block. */
public final class Texts {

  private static final Pattern FENCE =
      Pattern.compile(
          "```[ \\t]*([A-Za-z0-9_+-]*)[ \\t]*\\r?\\n(.*?)(?:\\r?\\n)?[ \\t]*```", Pattern.DOTALL);

  private Texts() {}

  /**
   * The content of the first fenced block whose info string is {@code language} (any case) or
   * empty. Blocks fenced for another language are skipped.
   */
  public static Optional<String> fencedBlock(String text, String language) {
    Matcher m = FENCE.matcher(text);
    while (m.find()) {
      String info = m.group(1);
      if (info.isEmpty() || info.equalsIgnoreCase(language)) {
        return Optional.of(m.group(2));
      }
    }
    return Optional.empty();
  }

  /**
   * The first balanced {@code {...}} or {@code [...]} block, brackets inside JSON strings ignored;
   * empty if no block closes.
   */
  public static Optional<String> firstBracketedBlock(String text) {
    for (int start = 0; start < text.length(); start++) {
      char c = text.charAt(start);
      if (c != '{' && c != '[') {
        continue;
      }
      int end = matchingClose(text, start);
      if (end >= 0) {
        return Optional.of(text.substring(start, end + 1));
      }
    }
    return Optional.empty();
  }

  private static int matchingClose(String text, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The text of a text prompt, or the content of its user messages (all messages if none). */
  public static String question(Prompt prompt) {
    if (!prompt.isChat()) {
      return prompt.text();
    }
    StringBuilder sb = new StringBuilder();
    for (ChatMessage m : prompt.messages()) {
      if (m.role().equals(ChatMessage.USER)) {
        sb.append(sb.length() == 0 ? "" : "\n").append(m.content());
      }
    }
    if (sb.length() == 0) {
      for (ChatMessage m : prompt.messages()) {
        sb.append(sb.length() == 0 ? "" : "\n").append(m.content());
      }
    }
    return sb.toString();
  }
}
