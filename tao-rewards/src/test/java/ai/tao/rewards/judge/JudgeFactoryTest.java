package ai.tao.rewards.judge;

import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code llm-judge} scorer by name, from options. */
class JudgeFactoryTest extends JudgeContract {
  private static final ScorerRegistry REGISTRY = ScorerRegistry.load();

  @Override
  JudgeMode mode() {
    return JudgeMode.PAIRWISE;
  }

  @Override
  protected Scorer scorer() {
    return keep((JudgeScorer) REGISTRY.create("llm-judge", ScorerOptions.of("baseUrl", server.baseUrl(),
        "model", "fake", "mode", "pairwise", "backoffMs", "5", "maxBackoffMs", "20")));
  }

  @Test
  void optionsReachTheScorer(@TempDir Path cache) {
    String env = Stream.of("HOME", "PATH", "USER").filter(e -> System.getenv(e) != null).findFirst().orElseThrow();
    int before = server.requestCount();
    JudgeScorer judge = keep((JudgeScorer) REGISTRY.create("llm-judge", ScorerOptions.of(
        "baseUrl", server.baseUrl() + "/v1", "model", "judge-7b", "mode", "group", "rubric", "Shorter is worse.",
        "apiKeyEnv", env, "timeoutMs", "2000", "maxRetries", "1", "backoffMs", "5", "maxBackoffMs", "10",
        "concurrency", "2", "maxCalls", "10", "maxTokens", "1000", "replyTokens", "32", "cacheDir", cache.toString(),
        "pricePromptPer1k", "1", "priceCompletionPer1k", "2", "failureThreshold", "0.9", "failureMinCalls", "5",
        "scoreMin", "0", "scoreMax", "10", "userTemplate", "{rubric} {question} {candidates}")));
    assertThat(judge.mode()).isEqualTo(JudgeMode.GROUP);
    assertThat(values(judge.score(JudgeTests.group("p", "a", "bb")))).containsExactly(0.1, 0.2);
    FakeJudgeServer.Request r = server.requests().get(before);
    assertThat(r.headers()).containsEntry("authorization", "Bearer " + System.getenv(env));
    assertThat(r.json().path("model").asText()).isEqualTo("judge-7b");
    assertThat(r.json().path("max_tokens").asInt()).isEqualTo(32);
    assertThat(r.user()).startsWith("Shorter is worse. What is the capital of France? <answer id=\"1\">");
    assertThat(judge.drainCounters().get("cost")).isEqualTo(10 / 1000.0 + 5 / 1000.0 * 2);
    assertThat(judge.toString()).contains("cacheDir=" + cache).contains("maxCalls=10").contains("apiKey=set")
        .doesNotContain(System.getenv(env));
  }

  @Test
  void keysNeverGoInOptionsAndBadOptionsAreNamed() {
    assertThatThrownBy(() -> REGISTRY.create("llm-judge", ScorerOptions.of("baseUrl", "http://x", "model", "m",
        "apiKey", "sk-123"))).isInstanceOf(ConfigurationException.class).hasMessageContaining("apiKeyEnv")
        .hasMessageNotContaining("sk-123");
    assertThatThrownBy(() -> REGISTRY.create("llm-judge", ScorerOptions.of("baseUrl", "http://x", "model", "m",
        "apiKeyEnv", "TAO_JUDGE_KEY_THAT_IS_NOT_SET"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("TAO_JUDGE_KEY_THAT_IS_NOT_SET").hasMessageContaining("not set");
    assertThatThrownBy(() -> REGISTRY.create("llm-judge", ScorerOptions.of("model", "m")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'baseUrl'");
    assertThatThrownBy(() -> REGISTRY.create("llm-judge", ScorerOptions.of("baseUrl", "http://x", "model", "m",
        "mode", "listwise"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[pointwise, pairwise, group]");
    assertThatThrownBy(() -> REGISTRY.create("llm-judge", ScorerOptions.of("baseUrl", "http://x", "model", "m",
        "maxCalls", "lots"))).isInstanceOf(ConfigurationException.class).hasMessageContaining("maxCalls")
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> REGISTRY.create("llm-judge", ScorerOptions.of("baseUrl", "http://x", "model", "m",
        "mode", "pairwise", "userTemplate", "{a} only"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("{b}");
    assertThat(REGISTRY.names()).containsAll(List.of("llm-judge"));
  }
}
