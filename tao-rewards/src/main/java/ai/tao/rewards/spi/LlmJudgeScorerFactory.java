package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.judge.JudgeMode;
import ai.tao.rewards.judge.JudgeScorer;
import ai.tao.rewards.judge.JudgeTemplate;
import ai.tao.rewards.judge.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Creates the {@code llm-judge} scorer ({@link JudgeScorer}): an LLM judge over an OpenAI-compatible
 * chat endpoint.
 *
 * <p>Options: {@code baseUrl} and {@code model} (required); {@code mode=pointwise|pairwise|group}
 * (default pointwise); {@code rubric}; {@code systemPrompt} and {@code userTemplate} (default the
 * mode's, see {@link JudgeTemplate}); {@code scoreMin}, {@code scoreMax} (default 0, 10); {@code
 * pairOffsets} (default 2); {@code apiKeyEnv}, the name of the environment variable holding the key
 * (keys never go in options); {@code timeoutMs} (per attempt, default 60000); {@code maxRetries}
 * (default 3), {@code backoffMs} (default 500), {@code maxBackoffMs} (default 30000); {@code
 * concurrency} (default 4); {@code maxCalls}, {@code maxTokens} (the budget, default none); {@code
 * replyTokens} (max_tokens per request, default 512); {@code cacheDir} (default none); {@code
 * pricePromptPer1k}, {@code priceCompletionPer1k} (default 0); {@code failureThreshold} (default
 * 0.5) after {@code failureMinCalls} (default 20).
 *
 * @since 0.3
 */
public final class LlmJudgeScorerFactory implements ScorerFactory {

  private static final Set<String> KEYS = Set.of("baseUrl", "model", "mode", "rubric", "systemPrompt",
      "userTemplate", "scoreMin", "scoreMax", "pairOffsets", "apiKeyEnv", "timeoutMs", "maxRetries", "backoffMs",
      "maxBackoffMs", "concurrency", "maxCalls", "maxTokens", "replyTokens", "cacheDir", "pricePromptPer1k",
      "priceCompletionPer1k", "failureThreshold", "failureMinCalls");

  @Override
  public String name() {
    return "llm-judge";
  }

  @Override
  public String description() {
    return "an LLM judge over an OpenAI-compatible endpoint (pointwise rubric, pairwise both orders, or"
        + " group-relative). Options: baseUrl, model, mode, rubric, apiKeyEnv, cacheDir, maxCalls, maxTokens, ...";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    if (options.has("apiKey")) {
      throw new ConfigurationException("scorer '" + name() + "' takes no option 'apiKey': keys never go in"
          + " options; put the key in an environment variable and name it with apiKeyEnv");
    }
    options.requireOnly(name(), KEYS);
    JudgeMode mode = Options.enumValue(name(), options, "mode", JudgeMode.class, JudgeMode.POINTWISE);
    JudgeScorer.Builder b = JudgeScorer.builder()
        .baseUrl(required(options, "baseUrl"))
        .model(required(options, "model"))
        .mode(mode)
        .scoreRange(options.doubleValue("scoreMin", 0), options.doubleValue("scoreMax", 10))
        .pairOffsets(options.intValue("pairOffsets", 2))
        .timeout(Duration.ofMillis(longValue(options, "timeoutMs", 60_000)))
        .retry(new RetryPolicy(options.intValue("maxRetries", 3), Duration.ofMillis(longValue(options, "backoffMs", 500)),
            Duration.ofMillis(longValue(options, "maxBackoffMs", 30_000))))
        .concurrency(options.intValue("concurrency", 4))
        .maxCalls(longValue(options, "maxCalls", Long.MAX_VALUE))
        .maxTokens(longValue(options, "maxTokens", Long.MAX_VALUE))
        .replyTokens(options.intValue("replyTokens", 512))
        .pricePer1k(options.doubleValue("pricePromptPer1k", 0), options.doubleValue("priceCompletionPer1k", 0))
        .failureThreshold(options.doubleValue("failureThreshold", 0.5))
        .failureMinCalls(options.intValue("failureMinCalls", 20));
    options.get("rubric").ifPresent(b::rubric);
    if (options.has("systemPrompt") || options.has("userTemplate")) {
      JudgeTemplate t = JudgeTemplate.defaults(mode);
      b.template(t.withSystem(options.string("systemPrompt", t.system())).withUser(options.string("userTemplate", t.user())));
    }
    options.get("cacheDir").ifPresent(d -> b.cacheDir(Path.of(d)));
    options.get("apiKeyEnv").ifPresent(env -> {
      String key = System.getenv(env);
      if (key == null || key.isBlank()) {
        throw new ConfigurationException("scorer '" + name() + "' option apiKeyEnv names environment variable '"
            + env + "', which is not set; export it with the API key, or drop apiKeyEnv for a server without one");
      }
      b.apiKey(key);
    });
    return b.build();
  }

  private String required(ScorerOptions options, String key) {
    return options.get(key).filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigurationException(
        "scorer '" + name() + "' needs option '" + key + "'"));
  }

  private long longValue(ScorerOptions options, String key, long dflt) {
    if (!options.has(key)) {
      return dflt;
    }
    String raw = options.get(key).orElseThrow();
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "scorer '" + name() + "' option '" + key + "' = '" + raw + "' is not a whole number", e);
    }
  }
}
