package ai.tao.serve.table;

import ai.tao.api.DataInputException;
import java.time.Instant;
import java.util.Objects;

/**
 * One served request and its response, as the gateway (or an app's {@link
 * ai.tao.serve.langchain4j.InferenceCaptureListener}) hands it to the {@link InferenceTable}.
 *
 * @param requestId the id the client saw in the response ({@code chatcmpl-…}, {@code cmpl-…});
 *     unique, at most {@value #MAX_REQUEST_ID} characters
 * @param createdAt when the request arrived
 * @param endpoint which API served it: {@value #CHAT} or {@value #COMPLETIONS}
 * @param modelVersion the policy version that generated the response
 * @param requestJson the request body as parsed (compact JSON): the messages or the prompt exactly
 *     as sent, and the sampling settings the client gave
 * @param responseText the text of the first choice (the only one unless {@code n > 1})
 * @param responseJson every choice, as a JSON array of {@code {"index","text","finish_reason"}}
 * @param finishReason the OpenAI finish reason of the first choice: {@code stop} or {@code length};
 *     a row captured from another provider ({@link ai.tao.serve.langchain4j.InferenceCaptureListener})
 *     may also hold {@code content_filter}, {@code tool_calls} or {@code other}
 * @param promptTokens tokens the policy was fed, counted once however many choices
 * @param completionTokens tokens generated, summed over the choices
 * @param latencyMs milliseconds from the request's arrival to its response being ready
 * @since 0.3
 */
public record Inference(
    String requestId,
    Instant createdAt,
    String endpoint,
    String modelVersion,
    String requestJson,
    String responseText,
    String responseJson,
    String finishReason,
    int promptTokens,
    int completionTokens,
    long latencyMs) {

  /** {@link #endpoint()} of {@code POST /v1/chat/completions}. */
  public static final String CHAT = "chat.completions";
  /** {@link #endpoint()} of {@code POST /v1/completions}. */
  public static final String COMPLETIONS = "completions";
  /** Longest {@link #requestId()} the table holds. */
  public static final int MAX_REQUEST_ID = 64;

  /**
   * @throws DataInputException if the request id is blank or too long, or a count is negative
   */
  public Inference {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(requestJson, "requestJson");
    Objects.requireNonNull(responseText, "responseText");
    Objects.requireNonNull(responseJson, "responseJson");
    Objects.requireNonNull(finishReason, "finishReason");
    if (requestId.isBlank() || requestId.length() > MAX_REQUEST_ID) {
      throw new DataInputException("inference requestId must be 1 to " + MAX_REQUEST_ID + " characters, got '"
          + requestId + "'");
    }
    if (promptTokens < 0 || completionTokens < 0 || latencyMs < 0) {
      throw new DataInputException("inference " + requestId + ": promptTokens " + promptTokens
          + ", completionTokens " + completionTokens + " and latencyMs " + latencyMs + " must all be >= 0");
    }
  }
}
