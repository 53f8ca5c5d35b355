package ai.tao.serve.langchain4j;

import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.GenerationException;
import ai.tao.api.Policy;
import ai.tao.api.Rollout;
import ai.tao.serve.internal.ApiError;
import ai.tao.serve.internal.CompletionRequest;
import ai.tao.serve.internal.RequestParser;
import ai.tao.serve.internal.Responses;
import ai.tao.serve.table.Inference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A langchain4j {@link ChatModel} answered by a local, tuned {@link Policy}: an app written against
 * langchain4j switches to the tuned model by changing the line that builds its model.
 *
 * <pre>{@code
 * ChatModel model = PolicyChatModel.builder().policy(policy).build();
 * String answer = model.chat("Which customers ordered twice last week?");
 * }</pre>
 *
 * <p><b>Served as the gateway serves it.</b> A request becomes the OpenAI body an OpenAI client
 * would send to the {@link ai.tao.serve.Gateway} (its messages and parameters, in OpenAI's names),
 * the gateway's own parser turns that into the chat prompt and the sampling settings, and the policy
 * renders the messages through its chat template. So the same request gets the same defaults, the
 * same checks, and, with a {@link Builder#seed seed}, the same reply token for token as a request
 * with that seed to a gateway serving the same weights.
 *
 * <p><b>Parameters.</b> {@code temperature}, {@code topP}, {@code topK}, {@code maxOutputTokens} and
 * {@code stopSequences} are honoured, from the request or else from {@link
 * #defaultRequestParameters()} (the builder's {@link Builder#temperature}, {@link Builder#topP} and
 * {@link Builder#maxOutputTokens}). Frequency and presence penalties are ignored, as the gateway
 * ignores them; the first request that sets one logs a warning. A model name other than the {@link
 * Builder#version version} is refused.
 *
 * <p><b>Refused.</b> Tools, tool calls and tool results, content other than text (images, audio,
 * video, PDF), and a JSON response format (with or without a schema): each with a {@link
 * ConfigurationException} naming it, before the policy is called. Listeners see it as an error.
 * {@link #supportedCapabilities()} is empty.
 *
 * <p><b>Threads.</b> A policy is not thread-safe, so calls are serialised: one {@link Policy#sample}
 * at a time, waiting callers taken in arrival order. Nothing else may use the policy meanwhile (a
 * gateway, a trainer). For concurrent traffic, serve the policy with a {@link ai.tao.serve.Gateway},
 * which batches concurrent requests, and point langchain4j's {@code OpenAiChatModel} at it.
 *
 * <p><b>Ownership.</b> The model never closes the policy: it stays the caller's.
 *
 * @since 0.5
 */
public final class PolicyChatModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyChatModel.class);

  private final Policy policy;
  private final String version;
  private final Long seed;
  private final ChatRequestParameters defaults;
  private final List<ChatModelListener> listeners;
  private final RequestParser parser;
  private final ReentrantLock policyLock = new ReentrantLock(true); // fair: callers in arrival order
  private final AtomicBoolean penaltyWarned = new AtomicBoolean();

  private PolicyChatModel(Builder b) {
    this.policy = b.policy;
    this.version = b.version == null ? b.policy.name() : b.version;
    this.seed = b.seed;
    this.defaults = ChatRequestParameters.builder().modelName(version).temperature(b.temperature).topP(b.topP)
        .maxOutputTokens(b.maxOutputTokens).build();
    this.listeners = b.listeners;
    // no limit on max_tokens but the policy's context; one choice per call, as a ChatResponse holds one
    this.parser = new RequestParser(new RequestParser.Limits(Integer.MAX_VALUE, b.maxOutputTokens, 1));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The version replies name as their {@link ChatResponse#modelName()}. */
  public String version() {
    return version;
  }

  /** The builder's defaults: model name (the version), temperature, top-p and max output tokens. */
  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return defaults;
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  /**
   * Samples one reply.
   *
   * @throws ConfigurationException if the request holds something a policy cannot serve (see the
   *     class comment), names another model, or has a parameter out of range; or if the policy
   *     refuses the prompt (longer than its context, say)
   * @throws ai.tao.api.TaoException if generation fails
   */
  @Override
  public ChatResponse doChat(ChatRequest chatRequest) {
    Objects.requireNonNull(chatRequest, "chatRequest");
    ChatRequestParameters p = defaults.overrideWith(chatRequest.parameters()); // chat() merged them; doChat alone not
    if (!version.equals(p.modelName())) {
      throw new ConfigurationException("this PolicyChatModel serves version '" + version + "', but the request names"
          + " model '" + p.modelName() + "'; leave modelName unset or use '" + version + "'");
    }
    warnOfPenalties(p);
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    ObjectNode body = OpenAiBody.of(ChatRequest.builder().messages(chatRequest.messages()).parameters(p).build());
    body.put("seed", seed != null ? seed : ThreadLocalRandom.current().nextLong());
    CompletionRequest request;
    try {
      request = parser.parse(body, id, Inference.CHAT);
    } catch (ApiError e) {
      throw new ConfigurationException("PolicyChatModel refuses this request as the gateway would (OpenAI's field"
          + " names: max_tokens is maxOutputTokens, top_p topP, stop stopSequences): " + e.getMessage(), e);
    }
    Rollout rollout = sample(request);
    Completion c = rollout.completion(0);
    int in = Responses.promptTokens(rollout);
    int out = Responses.completionTokens(rollout);
    return ChatResponse.builder().aiMessage(AiMessage.from(c.text())).id(id).modelName(version)
        .tokenUsage(new TokenUsage(in, out, in + out)).finishReason(finishReason(c.finishReason())).build();
  }

  private Rollout sample(CompletionRequest request) {
    List<Rollout> rollouts;
    policyLock.lock();
    try {
      rollouts = policy.sample(List.of(request.prompt()), request.sampling());
    } finally {
      policyLock.unlock();
    }
    if (rollouts.size() != 1) {
      throw new GenerationException("policy " + policy.name() + " returned " + rollouts.size() + " rollouts for 1"
          + " prompt");
    }
    return rollouts.get(0);
  }

  private void warnOfPenalties(ChatRequestParameters p) {
    boolean set = (p.frequencyPenalty() != null && p.frequencyPenalty() != 0.0)
        || (p.presencePenalty() != null && p.presencePenalty() != 0.0);
    if (set && penaltyWarned.compareAndSet(false, true)) {
      LOG.warn("PolicyChatModel {}: frequencyPenalty {} and presencePenalty {} are ignored (as the gateway ignores"
          + " them): the policy samples without penalties; this is logged once", version, p.frequencyPenalty(),
          p.presencePenalty());
    }
  }

  private static FinishReason finishReason(ai.tao.api.FinishReason r) {
    return r == ai.tao.api.FinishReason.LENGTH ? FinishReason.LENGTH : FinishReason.STOP;
  }

  /**
   * Settings of a {@link PolicyChatModel}; {@link #build()} validates them.
   *
   * @since 0.5
   */
  public static final class Builder {
    private Policy policy;

    /**
     * The version replies name ({@link ChatResponse#modelName()}, and so an {@link
     * InferenceCaptureListener}'s model_version), and the one model name requests may give. Default
     * the policy's {@link Policy#name()}.
     */
    private String version;

    /**
     * Temperature of a request that sets none. Default 1.0, OpenAI's and the gateway's: the policy's
     * own distribution. 0 is greedy decoding.
     */
    private double temperature = 1.0;

    /** Top-p of a request that sets none, in (0, 1]. Default 1.0 (off), as the gateway's. */
    private double topP = 1.0;

    /**
     * Most tokens generated for a request that sets no {@code maxOutputTokens}. Default 256, the
     * gateway's {@code defaultMaxTokens}: a reply that reaches it ends with finish reason LENGTH.
     */
    private int maxOutputTokens = 256;

    /**
     * The seed of every call. Set, the same messages and parameters give the same reply (the
     * gateway's reply to a request with this seed). Default unset: each call draws a fresh seed, so
     * replies vary from call to call as OpenAI's do.
     */
    private Long seed;

    /** Listeners called around every call (an {@link InferenceCaptureListener}, say). Default none. */
    private List<ChatModelListener> listeners = List.of();

    private Builder() {}

    /** The policy that answers. Required; the model never closes it. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder listeners(List<ChatModelListener> listeners) {
      this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
      return this;
    }

    /**
     * @throws ConfigurationException naming the setting at fault: no policy, a blank version, or a
     *     default out of the gateway's ranges
     */
    public PolicyChatModel build() {
      if (policy == null) {
        throw new ConfigurationException("PolicyChatModel: no policy to answer with; call policy(policy)");
      }
      if (version != null && (version.isBlank() || version.length() > 200)) {
        throw new ConfigurationException("PolicyChatModel version must be 1 to 200 characters, not blank, got '"
            + version + "'");
      }
      if (!(temperature >= 0.0 && temperature <= 2.0)) {
        throw new ConfigurationException("PolicyChatModel temperature must be in [0, 2] (0: greedy), got "
            + temperature);
      }
      if (!(topP > 0.0 && topP <= 1.0)) {
        throw new ConfigurationException("PolicyChatModel topP must be in (0, 1] (1: off), got " + topP);
      }
      if (maxOutputTokens < 1) {
        throw new ConfigurationException("PolicyChatModel maxOutputTokens must be > 0, got " + maxOutputTokens);
      }
      PolicyChatModel model = new PolicyChatModel(this);
      LOG.info("PolicyChatModel over policy {} as version {}: defaults temperature {}, topP {}, maxOutputTokens {};"
          + " {}; {} listeners", policy.name(), model.version, temperature, topP, maxOutputTokens,
          seed == null ? "a fresh seed per call" : "seed " + seed + " for every call", listeners.size());
      return model;
    }
  }
}
