package ai.tao.rewards.judge;

import static ai.tao.rewards.TestGroups.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.CandidateGroup;
import ai.tao.api.ChatMessage;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Score;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.TestGroups;
import ai.tao.rewards.judge.FakeJudgeServer.Request;
import ai.tao.rewards.judge.FakeJudgeServer.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgePointwiseTest extends JudgeContract {

  @Override
  JudgeMode mode() {
    return JudgeMode.POINTWISE;
  }

  @Test
  void theRubricScoreIsNormalisedAndFollowsTheCandidate() {
    JudgeScorer judge = keep(Scorers.llmJudge().baseUrl(server.baseUrl()).model("m").retry(JudgeTests.FAST_RETRY)
        .build());
    List<Score> scores = judge.score(JudgeTests.group("p", "abc", "a", "abcdefghijkl"));
    assertThat(values(scores)).containsExactly(new double[] {0.3, 0.1, 1.0}, within(1e-12));
    assertThat(scores.get(0).components()).containsEntry("judge", 0.3);
    assertThat(judge.drainCounters()).containsEntry("calls", 3.0).containsEntry("failures", 0.0)
        .containsEntry("prompt_tokens", 30.0).containsEntry("completion_tokens", 15.0);
  }

  @Test
  void identicalCandidatesAreJudgedOnce() {
    int before = server.requestCount();
    List<Score> scores = keep(builder().build()).score(JudgeTests.group("p", "ab", "ab", "ab", "abcd"));
    assertThat(values(scores)).containsExactly(new double[] {0.2, 0.2, 0.2, 0.4}, within(1e-12));
    assertThat(server.requestCount() - before).isEqualTo(2);
  }

  @Test
  void theRequestIsAnOpenAiChatCompletionWithRubricQuestionAndKey() {
    int before = server.requestCount();
    keep(builder().rubric("Only French capitals count.").apiKey("sk-test").replyTokens(64).build())
        .score(JudgeTests.group("p", "Paris"));
    Request r = server.requests().get(before);
    assertThat(r.headers()).containsEntry("authorization", "Bearer sk-test");
    assertThat(r.json().path("model").asText()).isEqualTo("fake-judge");
    assertThat(r.json().path("temperature").asDouble()).isZero();
    assertThat(r.json().path("max_tokens").asInt()).isEqualTo(64);
    assertThat(r.json().path("messages").path(0).path("role").asText()).isEqualTo("system");
    assertThat(r.user()).contains("Only French capitals count.").contains("What is the capital of France?")
        .contains("<answer>\nParis\n</answer>").contains("from 0 (worst) to 10 (best)").doesNotContain("{");
  }

  @Test
  void aChatPromptIsShownAsItsMessages() {
    int before = server.requestCount();
    Prompt chat = Prompt.ofMessages("c", List.of(ChatMessage.system("Be brief."), ChatMessage.user("Capital?")));
    keep(builder().build()).score(new CandidateGroup(chat, List.of(TestGroups.completion("Paris"))));
    assertThat(server.requests().get(before).user()).contains("system: Be brief.\nuser: Capital?");
  }

  @Test
  void aReplyWithoutAScoreInRangeIsNotApplicableAndAFailure() {
    server.handler(r -> Response.ok(FakeJudge.shown(r).get(0).equals("x") ? "Looks fine to me." : "Score: 11"));
    JudgeScorer judge = keep(builder().build());
    List<Score> scores = judge.score(JudgeTests.group("p", "x", "yy"));
    assertThat(scores).noneMatch(Score::applicable);
    assertThat(scores.get(0).reason()).contains("no \"Score: N\"").contains("Looks fine to me.");
    assertThat(scores.get(1).reason()).contains("[0, 10]").contains("Score: 11");
    assertThat(judge.drainCounters()).containsEntry("failures", 2.0).containsEntry("retries", 0.0)
        .containsEntry("calls", 2.0);
  }

  @Test
  void aCustomRangeAndTemplateAreUsed() {
    server.handler(r -> Response.ok("Score: 3"));
    JudgeScorer judge = keep(builder().scoreRange(1, 5)
        .template(JudgeTemplate.defaults(JudgeMode.POINTWISE).withUser("Rate {candidate} from {min} to {max}."))
        .build());
    int before = server.requestCount();
    assertThat(values(judge.score(JudgeTests.group("p", "Paris")))).containsExactly(0.5);
    assertThat(server.requests().get(before).user()).isEqualTo("Rate Paris from 1 to 5.");
  }

  @Test
  void builderRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> JudgeScorer.builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baseUrl(...)").hasMessageContaining("model(...)");
    assertThatThrownBy(() -> builder().template(JudgeTemplate.defaults(JudgeMode.POINTWISE).withUser("Grade it."))
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("{candidate}");
    assertThatThrownBy(() -> builder().mode(JudgeMode.PAIRWISE)
        .template(JudgeTemplate.defaults(JudgeMode.POINTWISE)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("{a}, {b}");
    assertThatThrownBy(() -> builder().concurrency(0).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("concurrency >= 1");
    assertThatThrownBy(() -> builder().baseUrl("localhost:8000").build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("localhost:8000");
    assertThatThrownBy(() -> builder().failureThreshold(1.5).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> builder().scoreRange(10, 0)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aClosedJudgeRefusesToScoreAndItsSettingsCarryOver() {
    JudgeScorer judge = builder().rubric("r1").build();
    judge.close();
    assertThatThrownBy(() -> judge.score(JudgeTests.group("p", "x"))).hasMessageContaining("closed");
    JudgeScorer again = keep(judge.toBuilder().build());
    assertThat(again.toString()).contains("mode=pointwise").contains("apiKey=none").doesNotContain("sk-");
    assertThat(again.score(JudgeTests.group("p", "abc")).get(0).value()).isEqualTo(0.3, within(1e-12));
  }
}
