package ai.tao.serve.internal;

import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;

/**
 * A validated request to {@code /v1/chat/completions} or {@code /v1/completions}.
 *
 * @param id the response id the client will see ({@code chatcmpl-…} or {@code cmpl-…})
 * @param endpoint {@link ai.tao.serve.table.Inference#CHAT} or {@link
 *     ai.tao.serve.table.Inference#COMPLETIONS}
 * @param model the model the client asked for
 * @param prompt the messages or the prompt text, as sent
 * @param sampling the sampling settings; its seed is the client's when {@code seeded}, else 0 (the
 *     batcher draws one)
 * @param seeded whether the client sent a {@code seed}
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a streamed answer ends with a usage chunk ({@code
 *     stream_options.include_usage})
 * @param requestJson the body as parsed, compact: what the inference table records
 */
public record CompletionRequest(
    String id,
    String endpoint,
    String model,
    Prompt prompt,
    SamplingParams sampling,
    boolean seeded,
    boolean stream,
    boolean includeUsage,
    String requestJson) {

  /** Whether this is a chat request. */
  public boolean chat() {
    return prompt.isChat();
  }
}
