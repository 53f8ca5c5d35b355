package ai.tao.serve.internal;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Rollout;
import ai.tao.serve.internal.Batcher.Served;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** OpenAI-shaped response bodies and stream chunks of a served request. */
public final class Responses {
  /** Code points per streamed content chunk: about one token's worth of text. */
  static final int CHUNK_CODE_POINTS = 4;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Responses() {}

  /** OpenAI's finish reason: {@code stop} (end of sequence or a stop string) or {@code length}. */
  public static String finishReason(FinishReason r) {
    return r == FinishReason.LENGTH ? "length" : "stop";
  }

  public static int promptTokens(Rollout r) {
    return r.promptTokenIds().length;
  }

  public static int completionTokens(Rollout r) {
    return r.completions().stream().mapToInt(Completion::length).sum();
  }

  /** Every choice as {@code [{"index","text","finish_reason"}]}: the inference table's response_json. */
  public static ArrayNode choices(Rollout r) {
    ArrayNode a = F.arrayNode();
    for (int i = 0; i < r.size(); i++) {
      Completion c = r.completion(i);
      addChoice(a, c.text(), finishReason(c.finishReason()));
    }
    return a;
  }

  /** One choice in the shape of {@link #choices}: the response_json of an answer captured elsewhere. */
  public static ArrayNode choice(String text, String finishReason) {
    return addChoice(F.arrayNode(), text, finishReason);
  }

  private static ArrayNode addChoice(ArrayNode a, String text, String finishReason) {
    int index = a.size();
    a.addObject().put("index", index).put("text", text).put("finish_reason", finishReason);
    return a;
  }

  /** The body of a non-streamed answer. */
  public static ObjectNode completion(CompletionRequest req, Served s, long created) {
    ObjectNode n = head(req, s, created, req.chat() ? "chat.completion" : "text_completion");
    ArrayNode choices = n.putArray("choices");
    Rollout r = s.rollout();
    for (int i = 0; i < r.size(); i++) {
      Completion c = r.completion(i);
      ObjectNode choice = choices.addObject().put("index", i);
      if (req.chat()) {
        choice.putObject("message").put("role", "assistant").put("content", c.text());
      } else {
        choice.put("text", c.text());
      }
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason(c.finishReason()));
    }
    n.set("usage", usage(r));
    return n;
  }

  /**
   * The chunks of a streamed answer, in order, without the closing {@code [DONE]}: for each choice
   * (chat: a role chunk first), its text in pieces of {@value #CHUNK_CODE_POINTS} code points, then a
   * chunk with its finish reason; a usage chunk last when asked for.
   */
  public static List<ObjectNode> chunks(CompletionRequest req, Served s, long created) {
    String object = req.chat() ? "chat.completion.chunk" : "text_completion";
    List<ObjectNode> out = new ArrayList<>();
    Rollout r = s.rollout();
    for (int i = 0; i < r.size(); i++) {
      Completion c = r.completion(i);
      if (req.chat()) {
        out.add(chunk(req, s, created, object, i, "", true, null));
      }
      for (String piece : pieces(c.text())) {
        out.add(chunk(req, s, created, object, i, piece, false, null));
      }
      out.add(chunk(req, s, created, object, i, null, false, finishReason(c.finishReason())));
    }
    if (req.includeUsage()) {
      ObjectNode u = head(req, s, created, object);
      u.putArray("choices");
      u.set("usage", usage(r));
      out.add(u);
    }
    return out;
  }

  private static ObjectNode chunk(CompletionRequest req, Served s, long created, String object, int index,
      String text, boolean role, String finish) {
    ObjectNode n = head(req, s, created, object);
    ObjectNode choice = n.putArray("choices").addObject().put("index", index);
    if (req.chat()) {
      ObjectNode delta = choice.putObject("delta");
      if (role) {
        delta.put("role", "assistant");
      }
      if (text != null) {
        delta.put("content", text);
      }
    } else {
      choice.put("text", text == null ? "" : text);
      choice.putNull("logprobs");
    }
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return n;
  }

  /** Splits text into pieces of at most {@value #CHUNK_CODE_POINTS} code points, never inside a pair. */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = start;
      for (int k = 0; k < CHUNK_CODE_POINTS && end < text.length(); k++) {
        end = text.offsetByCodePoints(end, 1);
      }
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  private static ObjectNode head(CompletionRequest req, Served s, long created, String object) {
    ObjectNode n = F.objectNode();
    n.put("id", req.id());
    n.put("object", object);
    n.put("created", created);
    n.put("model", s.version());
    n.put("system_fingerprint", s.version());
    return n;
  }

  private static ObjectNode usage(Rollout r) {
    int p = promptTokens(r);
    int c = completionTokens(r);
    return F.objectNode().put("prompt_tokens", p).put("completion_tokens", c).put("total_tokens", p + c);
  }
}
