package ai.tao.rewards.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.StepMetrics;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.generate.Generators;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import ai.tao.rewards.Scorers;
import ai.tao.rewards.judge.FakeJudgeServer.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A judge as the reward of a whole (tiny) tuning run, against the loopback server. */
@Timeout(60)
class JudgeTuneTest {

  @Test
  void tuneScoresWithTheJudgeAndReportsItsCountersPerStep() throws Exception {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig config = ModelConfig.builder().tokenizer(tok).hiddenSize(16).intermediateSize(32).numLayers(1)
        .numHeads(2).numKvHeads(1).maxPositions(64).build();
    // The fake judge gives every candidate 7 of 10: a reward no other part of the loop could produce.
    try (FakeJudgeServer server = new FakeJudgeServer(r -> Response.ok("Fair. Score: 7"));
        JudgeScorer judge = Scorers.llmJudge().baseUrl(server.baseUrl()).model("fake").retry(JudgeTests.FAST_RETRY)
            .build();
        DecoderPolicy policy = DecoderPolicy.fresh("tiny", config, tok, 3);
        GrpoTrainer trainer = Trainers.grpo().learningRate(1e-2).trainer(policy)) {
      TuneResult result = Tao.tune(TuneRequest.builder().policy(policy)
          .prompts(PromptSource.of(List.of(Prompt.ofText("a", "2+2="), Prompt.ofText("b", "Capital of France?"))))
          .generator(Generators.sampling().candidatesPerPrompt(4).temperature(1.0).maxNewTokens(4).build())
          .scorer(judge).trainer(trainer).promptsPerStep(2).stepsPerRound(2).seed(7)
          .collapseGuard(CollapseGuard.off()).build());

      assertThat(result.end()).isEqualTo(TuneResult.End.COMPLETED);
      assertThat(result.steps()).hasSize(2);
      double calls = 0;
      for (StepMetrics m : result.steps()) {
        assertThat(m.rewardMean().orElseThrow()).isCloseTo(0.7, within(1e-12));
        assertThat(m.judgedFraction()).isEqualTo(1.0);
        assertThat(m.scorerCounters().get("calls")).isPositive();
        assertThat(m.scorerCounters()).containsEntry("failures", 0.0).containsKey("prompt_tokens");
        calls += m.scorerCounters().get("calls");
      }
      assertThat(server.requestCount()).isPositive().isEqualTo((int) calls);
    }
  }
}
