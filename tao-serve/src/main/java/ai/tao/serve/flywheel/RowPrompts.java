package ai.tao.serve.flywheel;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import ai.tao.serve.internal.ApiError;
import ai.tao.serve.internal.RequestParser;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceRow;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an inference table row back into the prompt the client sent: the request is read by the
 * gateway's own {@link RequestParser}, so a row means here what it meant when it was served. The
 * response and the feedback are never read.
 */
final class RowPrompts {
  /** Metadata key of the row id. */
  static final String ROW_ID = "row_id";
  /** Metadata key of the policy version that answered. */
  static final String MODEL_VERSION = "model_version";

  /** A row's request that cannot be read; the message says why. */
  static final class MalformedRow extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRow(String message) {
      super(message, null, false, false);
    }
  }

  /** The request limits were enforced when it was served; here any request the gateway took is read. */
  private final RequestParser parser =
      new RequestParser(new RequestParser.Limits(Integer.MAX_VALUE, 1, Integer.MAX_VALUE));

  /** The prompt id of the row with id {@code rowId}. */
  static String promptId(long rowId) {
    return "row-" + rowId;
  }

  /**
   * The row's prompt, with provenance metadata only ({@value #ROW_ID}, {@value #MODEL_VERSION});
   * empty when there is nothing to tune on: a blank prompt, or a conversation ending with an
   * assistant turn (which holds an answer, and prompts carry none).
   *
   * @throws MalformedRow if the endpoint is unknown or the request cannot be parsed
   */
  Optional<Prompt> prompt(InferenceRow row) throws MalformedRow {
    Inference inf = row.inference();
    return prompt(row.id(), inf.endpoint(), inf.modelVersion(), inf.requestJson());
  }

  /** {@link #prompt(InferenceRow)} from the row's id and the three columns it reads. */
  Optional<Prompt> prompt(long rowId, String endpoint, String modelVersion, String requestJson) throws MalformedRow {
    if (!Inference.CHAT.equals(endpoint) && !Inference.COMPLETIONS.equals(endpoint)) {
      throw new MalformedRow("endpoint '" + endpoint + "' is neither " + Inference.CHAT + " nor "
          + Inference.COMPLETIONS);
    }
    Prompt parsed;
    try {
      parsed = parser.parse(requestJson.getBytes(StandardCharsets.UTF_8), promptId(rowId), endpoint)
          .prompt();
    } catch (ApiError e) {
      throw new MalformedRow("its request cannot be read: " + e.getMessage());
    }
    List<ChatMessage> messages = parsed.messages();
    if (parsed.isChat() ? messages.get(messages.size() - 1).role().equals(ChatMessage.ASSISTANT)
        : parsed.text().isBlank()) {
      return Optional.empty();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(ROW_ID, Long.toString(rowId));
    metadata.put(MODEL_VERSION, modelVersion);
    return Optional.of(new Prompt(parsed.id(), parsed.text(), messages, metadata));
  }
}
