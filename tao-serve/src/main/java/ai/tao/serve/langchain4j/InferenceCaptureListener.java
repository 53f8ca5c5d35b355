package ai.tao.serve.langchain4j;

import ai.tao.api.ConfigurationException;
import ai.tao.serve.internal.Responses;
import ai.tao.serve.table.Inference;
import ai.tao.serve.table.InferenceTable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures a langchain4j app's chat calls into an {@link InferenceTable}, next to the gateway's
 * traffic and in the same shape: the flywheel's raw material from an app that talks to any provider
 * (or to a {@link PolicyChatModel}).
 *
 * <pre>{@code
 * InferenceCaptureListener capture = InferenceCaptureListener.of(table);
 * ChatModel model = OpenAiChatModel.builder().apiKey(key).modelName("gpt-4o-mini")
 *     .listeners(List.of(capture)).build();
 * }</pre>
 *
 * <p><b>Rows.</b> One per answered call, endpoint {@value Inference#CHAT}: {@code request_json} the
 * OpenAI body of the request as the model sent it (its model, its messages with role and content,
 * and the common parameters it set: temperature, top_p, top_k, max_tokens, stop, the penalties);
 * {@code response_text} the answer's text and {@code response_json} its one choice; {@code
 * finish_reason} the provider's in OpenAI's words ({@code stop}, {@code length}, {@code
 * content_filter}, or {@code other} where it gave none); prompt and completion tokens from the
 * response's {@link TokenUsage}, 0 where the provider reports none; {@code latency_ms} from {@code
 * onRequest} to {@code onResponse}; {@code model_version} the model the response names, else the
 * request's, else {@code unknown}; {@code request_id} the response's id (so that {@link
 * InferenceTable#recordFeedback(String, double)} takes the id the app saw), or a generated {@code
 * lc4j-…} one where the response has none or one longer than {@value Inference#MAX_REQUEST_ID}
 * characters. Feedback stays null until recorded.
 *
 * <p><b>Not captured.</b> Failed calls ({@code onError}) are counted, never recorded. Calls that are
 * not a text conversation, those a {@link PolicyChatModel} would refuse (tools, tool calls or
 * results, content other than text, a JSON response format), are counted as skipped: every row is a
 * conversation a tuned policy can be trained on and answer.
 *
 * <p><b>Never in the app's way.</b> Listeners run on the app's calling thread: a capture builds the
 * row and queues it ({@link InferenceTable#record} never waits; a full queue drops the row, counted
 * here and by the table). Whatever fails inside the listener is counted and logged, at the 1st, 2nd,
 * 4th, 8th… failure, and never thrown.
 *
 * <p><b>One table, one writer per call.</b> An app whose model points at a TAO gateway that captures
 * into the same table would record each call twice under the same response id; the second insert
 * fails ({@link ai.tao.serve.table.TableStats#failed()}). Give the listener a table of its own, or
 * the gateway none.
 *
 * <p>Thread-safe; one listener may serve many models.
 *
 * @since 0.5
 */
public final class InferenceCaptureListener implements ChatModelListener {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceCaptureListener.class);

  /** When a call started, in {@link ChatModelRequestContext#attributes()} from onRequest to onResponse. */
  private record Start(Instant at, long nanos) {}

  private final InferenceTable table;
  private final Object startKey = new Object(); // per listener: two capture listeners on one model time their own
  private final LongAdder recorded = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final AtomicLong failed = new AtomicLong();
  private final LongAdder errors = new LongAdder();

  private InferenceCaptureListener(InferenceTable table) {
    this.table = table;
  }

  /** A listener recording into {@code table}, which stays the caller's to close. */
  public static InferenceCaptureListener of(InferenceTable table) {
    return new InferenceCaptureListener(Objects.requireNonNull(table, "table"));
  }

  /** Counters since the listener was made. */
  public CaptureStats stats() {
    return new CaptureStats(recorded.sum(), dropped.sum(), skipped.sum(), failed.get(), errors.sum());
  }

  @Override
  public void onRequest(ChatModelRequestContext requestContext) {
    try {
      requestContext.attributes().put(startKey, new Start(Instant.now(), System.nanoTime()));
    } catch (RuntimeException | LinkageError e) {
      failed("onRequest", e);
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext responseContext) {
    try {
      capture(responseContext);
    } catch (RuntimeException | LinkageError e) { // LinkageError: an app's langchain4j of another version
      failed("onResponse", e);
    }
  }

  @Override
  public void onError(ChatModelErrorContext errorContext) {
    errors.increment();
    try {
      errorContext.attributes().remove(startKey);
    } catch (RuntimeException | LinkageError e) {
      failed("onError", e);
    }
  }

  private void capture(ChatModelResponseContext context) {
    long now = System.nanoTime();
    Start start = (Start) context.attributes().remove(startKey);
    ChatRequest request = context.chatRequest();
    ChatResponse response = context.chatResponse();
    AiMessage answer = response.aiMessage();
    ObjectNode body;
    try {
      body = OpenAiBody.of(request);
    } catch (ConfigurationException notText) {
      skipped(notText.getMessage());
      return;
    }
    if (answer == null || answer.text() == null || answer.hasToolExecutionRequests()) {
      skipped("the answer is not text only (it calls tools or has no text)");
      return;
    }
    if (start == null) {
      LOG.debug("a response without its onRequest: latency recorded as 0");
    }
    String text = answer.text();
    String finish = finishReason(response.finishReason());
    TokenUsage usage = response.tokenUsage();
    int promptTokens = usage == null ? 0 : count(usage.inputTokenCount());
    int completionTokens = usage == null ? 0 : count(usage.outputTokenCount());
    Instant createdAt = start == null ? Instant.now() : start.at();
    long latencyMs = start == null ? 0L : Math.max(0L, (now - start.nanos()) / 1_000_000L);
    Inference row = new Inference(requestId(response), createdAt, Inference.CHAT, modelVersion(request, response),
        body.toString(), text, Responses.choice(text, finish).toString(), finish, promptTokens, completionTokens,
        latencyMs);
    if (table.record(row)) {
      recorded.increment();
    } else {
      dropped.increment();
    }
  }

  private static String requestId(ChatResponse response) {
    String id = response.id();
    if (id != null && !id.isBlank() && id.length() <= Inference.MAX_REQUEST_ID) {
      return id;
    }
    return "lc4j-" + UUID.randomUUID().toString().replace("-", "");
  }

  private static String modelVersion(ChatRequest request, ChatResponse response) {
    if (response.modelName() != null && !response.modelName().isBlank()) {
      return response.modelName();
    }
    String asked = request.parameters().modelName();
    return asked != null && !asked.isBlank() ? asked : "unknown";
  }

  private static int count(Integer tokens) {
    return tokens == null ? 0 : Math.max(0, tokens);
  }

  /** langchain4j's finish reason in OpenAI's words. */
  static String finishReason(FinishReason r) {
    if (r == null) {
      return "other";
    }
    return switch (r) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case CONTENT_FILTER -> "content_filter";
      case TOOL_EXECUTION -> "tool_calls";
      default -> "other"; // OTHER, and whatever a later langchain4j adds
    };
  }

  private void skipped(String why) {
    skipped.increment();
    LOG.debug("a chat call not captured: {}", why);
  }

  private void failed(String where, Throwable e) {
    long n = failed.incrementAndGet();
    if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th… time
      LOG.warn("inference capture failed in {} ({} failure(s) so far); the app's call goes on uncaptured", where, n,
          e);
    }
  }
}
