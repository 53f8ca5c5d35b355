package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.CandidateGroup;
import ai.tao.api.CollapseStop;
import ai.tao.api.Completion;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.StepMetrics;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import ai.tao.core.generate.Generators;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collapse of majority-vote self-training, reproduced on a tiny byte-level model: rewarded for
 * agreeing with its own group, the model learns to give every question the same answer. The
 * question-independence signal of the collapse guard stops it long before the KL budget would.
 */
class SharedAnswerCollapseTest {
  private static final Logger LOG = LoggerFactory.getLogger(SharedAnswerCollapseTest.class);

  /** 1 for a candidate whose answer (its stripped text) is its group's most common one (2 votes at least). */
  static final Scorer MAJORITY = new Scorer() {
    @Override
    public String name() {
      return "toy-majority";
    }

    @Override
    public List<Score> score(CandidateGroup group) {
      Map<String, Integer> votes = new HashMap<>();
      for (Completion c : group.candidates()) {
        answerOf(group.prompt(), c).ifPresent(a -> votes.merge(a, 1, Integer::sum));
      }
      int top = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      List<Score> scores = new ArrayList<>();
      for (Completion c : group.candidates()) {
        Optional<String> a = answerOf(group.prompt(), c);
        scores.add(Score.of(top >= 2 && a.isPresent() && votes.get(a.get()) == top ? 1 : 0));
      }
      return scores;
    }

    @Override
    public Optional<String> answerOf(Prompt prompt, Completion candidate) {
      return Optional.of(candidate.text().strip()).filter(t -> !t.isEmpty());
    }
  };

  /** 64 distinct three-digit questions. */
  static PromptSource questions() {
    Random rnd = new Random(7);
    List<Prompt> prompts = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 64; i++) {
      int q = 100 + rnd.nextInt(900);
      while (!seen.add(q)) {
        q++;
      }
      prompts.add(Prompt.ofText("q" + i, String.valueOf(q)));
    }
    return PromptSource.of(prompts);
  }

  /** Runs the seeded collapse under {@code guard}; every step's metrics, rolled back or not, in order. */
  static TuneResult run(CollapseGuard guard, List<StepMetrics> seen) {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(32).intermediateSize(64).numLayers(1).numHeads(4)
        .numKvHeads(2).maxPositions(32).build();
    try (DecoderPolicy policy = DecoderPolicy.fresh("tiny", c, tok, 1);
        GrpoTrainer trainer = Trainers.grpo().learningRate(5e-3).klCoefficient(0.01).microBatchSequences(64).trainer(policy)) {
      // topK 4 and two new tokens: a small space of answers, so that groups agree now and then from the start.
      return Tao.tune(TuneRequest.builder().policy(policy).prompts(questions())
          .generator(Generators.sampling().candidatesPerPrompt(8).temperature(1.0).topK(4).maxNewTokens(2).build())
          .scorer(MAJORITY).trainer(trainer).promptsPerStep(8).stepsPerRound(24).seed(1).collapseGuard(guard)
          .listener(TaoListener.of(e -> {
            if (e instanceof TaoEvent.StepCompleted s) {
              seen.add(s.metrics());
            }
          })).build());
    }
  }

  /** Mean KL of the {@code window} updates that ran up to step {@code upTo} (1-based), as the guard reads it. */
  static double klMean(List<StepMetrics> steps, int upTo, int window) {
    return steps.subList(0, upTo).stream().filter(m -> !m.train().skipped())
        .skip(Math.max(0, steps.subList(0, upTo).stream().filter(m -> !m.train().skipped()).count() - window))
        .mapToDouble(m -> m.train().kl().orElseThrow()).average().orElse(0);
  }

  @Test
  void theSharedAnswerSignalStopsTheCollapseBeforeTheKlBudget() {
    CollapseGuard d = CollapseGuard.defaults();
    // The default guard with its gamed-reward signal off, as in the user's run where diversity fell
    // too little for it: each run shows which of the other two signals trips first.
    CollapseGuard guard = new CollapseGuard(d.klBudget(), d.klWindow(), d.window(), Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY, d.sharedAnswerLevel(), d.sharedAnswerRise(), d.snapshotEvery(), d.rollback());

    List<StepMetrics> guardedSteps = new ArrayList<>();
    TuneResult guarded = run(guard, guardedSteps);
    List<StepMetrics> unguardedSteps = new ArrayList<>();
    TuneResult unguarded = run(guard.withoutSharedAnswer(), unguardedSteps);
    assertThat(guarded.collapseStops()).hasSize(1);
    CollapseStop shared = guarded.collapseStops().get(0);
    assertThat(shared.reason()).isEqualTo(CollapseStop.Reason.SHARED_ANSWER);
    assertThat(shared.message()).contains("shared-answer fraction").contains("no longer depend on the question");

    int s = shared.afterStep();
    StepMetrics at = guardedSteps.get(s - 1);
    // The same seeded run up to the stop: the guard only watched.
    assertThat(unguardedSteps.subList(0, s)).extracting(StepMetrics::rewardMean)
        .isEqualTo(guardedSteps.stream().map(StepMetrics::rewardMean).toList());
    // It starts question-dependent and stops once one answer serves half the questions, KL far inside its budget.
    double start = guardedSteps.subList(0, d.window()).stream()
        .mapToDouble(m -> m.sharedAnswerFraction().orElseThrow()).average().orElseThrow();
    assertThat(start).isLessThanOrEqualTo(0.25);
    assertThat(at.sharedAnswerFraction().orElseThrow()).isGreaterThanOrEqualTo(0.5);
    assertThat(klMean(guardedSteps, s, d.klWindow())).isLessThan(d.klBudget() / 2);

    // Without the signal the collapse goes on until the KL budget trips, at least twice as late; or, once
    // every group is unanimous (GRPO skips such steps, so no KL is measured), to the end of the round.
    int k = unguarded.collapseStops().isEmpty() ? unguardedSteps.size() : unguarded.collapseStops().get(0).afterStep();
    LOG.info("shared-answer stop after step {} (shared fraction {}, KL {}, KL mean of the last {} updates {});"
        + " without it: {} after step {} (shared fraction then {}, KL mean {})", s,
        at.sharedAnswerFraction().orElseThrow(), at.train().kl().orElse(Double.NaN), d.klWindow(),
        klMean(guardedSteps, s, d.klWindow()), unguarded.collapseStops().isEmpty() ? "the round ran to its end"
            : "the KL budget " + d.klBudget() + " stops it", k,
        unguardedSteps.get(k - 1).sharedAnswerFraction().orElseThrow(), klMean(unguardedSteps, k, d.klWindow()));
    assertThat(unguarded.collapseStops()).allMatch(stop -> stop.reason() == CollapseStop.Reason.KL_BUDGET);
    assertThat(k).as("the KL budget trips at step %d, the shared answer at %d", k, s).isGreaterThanOrEqualTo(2 * s);
    assertThat(unguardedSteps.subList(k - d.window(), k))
        .allMatch(m -> m.sharedAnswerFraction().orElseThrow() >= 0.875);
  }
}
