package ai.tao.rewards.judge;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScoringException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An LLM as the judge, over any OpenAI-compatible chat endpoint: the {@code llm-judge} scorer.
 *
 * <pre>{@code
 * try (JudgeScorer judge = Scorers.llmJudge()
 *     .baseUrl("http://localhost:8000").model("qwen2.5-7b-instruct")
 *     .mode(JudgeMode.GROUP).rubric("Correct SQL for the question; simpler is better.")
 *     .cacheDir(Path.of("judge-cache")).maxCalls(10_000)
 *     .build()) {
 *   Tao.tune(request.scorer(judge).build());
 * }
 * }</pre>
 *
 * <p>The modes are described in {@link JudgeMode}. Only the distinct candidate texts of a group are
 * judged (identical candidates share one score), in sorted order, so a permuted group plans the same
 * calls, hits the same cache entries and gets the same scores. Scores lie in [0, 1].
 *
 * <p><b>Failures are never silent.</b> A call that failed after its retries, a reply without a
 * readable verdict, or a call not made because the budget ({@link Builder#maxCalls}, {@link
 * Builder#maxTokens}) is spent leaves the candidates it was for not applicable, with the reason; the
 * first two are counted in {@code failures}. Once at least {@link Builder#failureMinCalls} calls
 * have been answered or failed over the scorer's life, a failure rate above {@link
 * Builder#failureThreshold} makes {@link #score} throw a {@link ScoringException}: a judge that is
 * mostly down would otherwise train on noise.
 *
 * <p>What it counted per step ({@link #drainCounters()}): {@code calls}, {@code cache_hits},
 * {@code retries}, {@code failures}, {@code budget_skipped}, {@code prompt_tokens}, {@code
 * completion_tokens}, {@code cost}. Results do not depend on timing: retries and backoff change how
 * long a call takes, and outcomes are collected in plan order.
 *
 * <p>The scorer owns an executor and closes it in {@link #close()}; use it in try-with-resources.
 *
 * @since 0.3
 */
public final class JudgeScorer implements Scorer {
  private final Builder settings;
  private final Judging judging;
  private final JudgeCounters counters;
  private final JudgeCalls calls;
  private final URI endpoint;
  private volatile boolean closed;

  private JudgeScorer(Builder b, JudgeTemplate template) {
    this.settings = b.copy();
    JudgePrompting prompting = new JudgePrompting(template, b.rubric, b.range);
    this.judging = switch (b.mode) {
      case POINTWISE -> new PointwiseJudging(prompting);
      case PAIRWISE -> new PairwiseJudging(prompting, b.pairOffsets);
      case GROUP -> new GroupJudging(prompting);
    };
    this.endpoint = OpenAiChatClient.endpoint(b.baseUrl);
    OpenAiChatClient client = new OpenAiChatClient(endpoint, b.model, b.apiKey, b.timeout, b.replyTokens);
    this.counters = new JudgeCounters(b.pricePromptPer1k, b.priceCompletionPer1k);
    Optional<JudgeCache> cache = b.cacheDir.map(JudgeCache::new);
    this.calls = new JudgeCalls(b.mode, client, cache, new JudgeBudget(b.maxCalls, b.maxTokens), counters,
        b.retry, b.concurrency);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this scorer's settings; what it builds is a new scorer, with a fresh budget. */
  public Builder toBuilder() {
    return settings.copy();
  }

  @Override
  public String name() {
    return "llm-judge";
  }

  /** The mode this judge asks in. */
  public JudgeMode mode() {
    return settings.mode;
  }

  /**
   * @throws ScoringException if the scorer is closed, or the failure rate over its life is above the
   *     threshold
   */
  @Override
  public List<Score> score(CandidateGroup group) {
    if (closed) {
      throw new ScoringException("llm-judge scorer for " + endpoint + " is closed; build a new one");
    }
    List<String> distinct = new ArrayList<>(new TreeSet<>(group.candidates().stream().map(Completion::text).toList()));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      index.put(distinct.get(i), i);
    }
    JudgeInput input = new JudgeInput(group.prompt().id(), JudgeInput.question(group.prompt()), distinct);
    List<JudgeCall> planned = judging.plan(input);
    Judging.Combined combined = judging.combine(input, planned, calls.run(planned));
    counters.unparseable(combined.unparseable(),
        "a reply with no verdict in the " + settings.mode.id() + " format (prompt '" + group.prompt().id() + "')");
    checkFailureRate();
    List<Score> scores = new ArrayList<>(group.size());
    for (Completion c : group.candidates()) {
      scores.add(combined.scores().get(index.get(c.text())));
    }
    return scores;
  }

  private void checkFailureRate() {
    long attempted = counters.lifeAttempted();
    long failures = counters.lifeFailures();
    if (attempted >= settings.failureMinCalls && failures > settings.failureThreshold * attempted) {
      throw new ScoringException(String.format(Locale.ROOT, "llm-judge at %s: %d of %d judge calls failed"
          + " (%.0f%%), above failureThreshold %.0f%%; last failure: %s. Check that the endpoint is up and that"
          + " the model name, API key and template are right (a template must ask for the verdict format the"
          + " mode reads), or raise failureThreshold (1 turns the check off)", endpoint, failures, attempted,
          100.0 * failures / attempted, 100 * settings.failureThreshold, counters.lastFailure()));
    }
  }

  /** Calls, cache hits, retries, failures, budget skips, tokens and cost since the last drain. */
  @Override
  public Map<String, Double> drainCounters() {
    return counters.drain();
  }

  /** Stops the judge's executor, interrupting calls in flight. Idempotent. */
  @Override
  public void close() {
    closed = true;
    calls.close();
  }

  @Override
  public String toString() {
    Builder b = settings;
    return "JudgeScorer[endpoint=" + endpoint + ", model=" + b.model + ", mode=" + b.mode.id() + ", range=" + b.range
        + (b.mode == JudgeMode.PAIRWISE ? ", pairOffsets=" + b.pairOffsets : "")
        + ", apiKey=" + (b.apiKey.isPresent() ? "set" : "none") + ", timeout=" + b.timeout.toMillis() + "ms"
        + ", retries=" + b.retry.maxRetries() + ", concurrency=" + b.concurrency
        + ", " + new JudgeBudget(b.maxCalls, b.maxTokens) + ", replyTokens=" + b.replyTokens
        + ", cacheDir=" + b.cacheDir.map(Path::toString).orElse("none")
        + ", failureThreshold=" + b.failureThreshold + " after " + b.failureMinCalls + " calls]";
  }

  /**
   * Builder for {@link JudgeScorer}; {@link #build()} needs {@link #baseUrl} and {@link #model}.
   *
   * @since 0.3
   */
  public static final class Builder {
    /** The server, such as {@code http://localhost:8000}; requests go to {@code baseUrl/v1/chat/completions}. Required. */
    private String baseUrl;
    /** The judge model's name as the server knows it. Required. */
    private String model;
    /** How the judge is asked. Default {@link JudgeMode#POINTWISE}. */
    private JudgeMode mode = JudgeMode.POINTWISE;
    /** What a good answer is; fills {@code {rubric}}. Default {@link JudgeTemplate#DEFAULT_RUBRIC}. */
    private String rubric = JudgeTemplate.DEFAULT_RUBRIC;
    /** The messages; default {@link JudgeTemplate#defaults} of the mode (null until set). */
    private JudgeTemplate template;
    /** The range the judge scores in (pointwise and group). Default 0 to 10, mapped onto [0, 1]. */
    private ScoreRange range = new ScoreRange(0, 10);
    /** Pairwise: each candidate meets the next {@code pairOffsets} on a ring. Default 2 (see {@link JudgeMode}). */
    private int pairOffsets = 2;
    /** Sent as {@code Authorization: Bearer}; default none (a local server). */
    private Optional<String> apiKey = Optional.empty();
    /** Per attempt, until the whole reply is in. Default 60 s: judges that reason take their time. */
    private Duration timeout = Duration.ofSeconds(60);
    /** Default {@link RetryPolicy#DEFAULT}: 3 retries from 500 ms, at most 30 s apart. */
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    /** Requests in flight at once. Default 4, which most local servers batch well. */
    private int concurrency = 4;
    /** Calls over the scorer's life. Default no limit. */
    private long maxCalls = Long.MAX_VALUE;
    /** Prompt plus completion tokens over the scorer's life. Default no limit. */
    private long maxTokens = Long.MAX_VALUE;
    /** {@code max_tokens} of each request. Default 512: room to reason briefly before the verdict. */
    private int replyTokens = 512;
    /** Where replies are kept across runs. Default none (every run asks again). */
    private Optional<Path> cacheDir = Optional.empty();
    /** Price per 1000 prompt tokens, for {@code cost}. Default 0 (a local server). */
    private double pricePromptPer1k;
    /** Price per 1000 completion tokens, for {@code cost}. Default 0. */
    private double priceCompletionPer1k;
    /** Failure rate above which scoring throws. Default 0.5. */
    private double failureThreshold = 0.5;
    /** Calls answered or failed before the failure rate is checked. Default 20: a rate over fewer is noise. */
    private int failureMinCalls = 20;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.baseUrl = baseUrl;
      b.model = model;
      b.mode = mode;
      b.rubric = rubric;
      b.template = template;
      b.range = range;
      b.pairOffsets = pairOffsets;
      b.apiKey = apiKey;
      b.timeout = timeout;
      b.retry = retry;
      b.concurrency = concurrency;
      b.maxCalls = maxCalls;
      b.maxTokens = maxTokens;
      b.replyTokens = replyTokens;
      b.cacheDir = cacheDir;
      b.pricePromptPer1k = pricePromptPer1k;
      b.priceCompletionPer1k = priceCompletionPer1k;
      b.failureThreshold = failureThreshold;
      b.failureMinCalls = failureMinCalls;
      return b;
    }

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder mode(JudgeMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder rubric(String rubric) {
      this.rubric = Objects.requireNonNull(rubric, "rubric");
      return this;
    }

    /** Both messages; must hold the mode's candidate placeholders (see {@link JudgeTemplate}). */
    public Builder template(JudgeTemplate template) {
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    public Builder scoreRange(double min, double max) {
      this.range = new ScoreRange(min, max);
      return this;
    }

    public Builder pairOffsets(int pairOffsets) {
      this.pairOffsets = pairOffsets;
      return this;
    }

    /** The key itself; from configuration, name an environment variable instead ({@code apiKeyEnv}). */
    public Builder apiKey(String apiKey) {
      this.apiKey = Optional.of(Objects.requireNonNull(apiKey, "apiKey"));
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    public Builder maxCalls(long maxCalls) {
      this.maxCalls = maxCalls;
      return this;
    }

    public Builder maxTokens(long maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder replyTokens(int replyTokens) {
      this.replyTokens = replyTokens;
      return this;
    }

    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = Optional.of(Objects.requireNonNull(cacheDir, "cacheDir"));
      return this;
    }

    public Builder pricePer1k(double prompt, double completion) {
      this.pricePromptPer1k = prompt;
      this.priceCompletionPer1k = completion;
      return this;
    }

    public Builder failureThreshold(double failureThreshold) {
      this.failureThreshold = failureThreshold;
      return this;
    }

    public Builder failureMinCalls(int failureMinCalls) {
      this.failureMinCalls = failureMinCalls;
      return this;
    }

    /**
     * @throws ConfigurationException naming the bad value if a required setting is missing, the base
     *     URL is not http(s), a count is out of range, or the template lacks the mode's placeholders
     */
    public JudgeScorer build() {
      List<String> missing = new ArrayList<>();
      if (baseUrl == null || baseUrl.isBlank()) {
        missing.add("baseUrl(...)");
      }
      if (model == null || model.isBlank()) {
        missing.add("model(...)");
      }
      if (!missing.isEmpty()) {
        throw new ConfigurationException("llm-judge needs " + String.join(" and ", missing));
      }
      try {
        URI uri = OpenAiChatClient.endpoint(baseUrl);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new IllegalArgumentException("not an http(s) URL with a host");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("llm-judge baseUrl '" + baseUrl + "' is not usable (" + e.getMessage()
            + "); give one like http://localhost:8000", e);
      }
      if (concurrency < 1 || pairOffsets < 1 || replyTokens < 1 || maxCalls < 0 || maxTokens < 0
          || failureMinCalls < 0) {
        throw new ConfigurationException("llm-judge needs concurrency >= 1, pairOffsets >= 1, replyTokens >= 1,"
            + " maxCalls >= 0, maxTokens >= 0 and failureMinCalls >= 0, got " + concurrency + ", " + pairOffsets
            + ", " + replyTokens + ", " + maxCalls + ", " + maxTokens + ", " + failureMinCalls);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConfigurationException("llm-judge timeout must be positive, got " + timeout.toMillis() + " ms");
      }
      if (!(failureThreshold >= 0 && failureThreshold <= 1)) {
        throw new ConfigurationException("llm-judge failureThreshold must lie in [0, 1], got " + failureThreshold);
      }
      if (!(pricePromptPer1k >= 0) || !(priceCompletionPer1k >= 0) || Double.isInfinite(pricePromptPer1k)
          || Double.isInfinite(priceCompletionPer1k)) {
        throw new ConfigurationException("llm-judge prices per 1k tokens must be finite and >= 0, got "
            + pricePromptPer1k + " and " + priceCompletionPer1k);
      }
      if (rubric.isBlank()) {
        throw new ConfigurationException("llm-judge rubric is blank; leave it unset for the default rubric");
      }
      JudgeTemplate t = template != null ? template : JudgeTemplate.defaults(mode);
      t.requirePlaceholdersOf(mode);
      return new JudgeScorer(this, t);
    }
  }
}
