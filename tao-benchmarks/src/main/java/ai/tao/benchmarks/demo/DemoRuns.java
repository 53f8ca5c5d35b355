package ai.tao.benchmarks.demo;

import ai.tao.api.CollapseStop;
import ai.tao.api.Generator;
import ai.tao.api.PromptSource;
import ai.tao.api.SamplingParams;
import ai.tao.api.Scorer;
import ai.tao.api.TaoListener;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.generate.Generators;
import ai.tao.core.loop.CollapseGuard;
import ai.tao.core.observe.Listeners;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.LabeledExample;
import ai.tao.core.train.SftTrainer;
import ai.tao.core.train.Trainers;
import java.util.List;

/** The training runs both demos make: one TAO run and one SFT baseline, with the demo options. */
public final class DemoRuns {
  private DemoRuns() {}

  /**
   * TAO on {@code policy} (tuned in place) with {@code scorer} over {@code prompts}, sampling as
   * {@code sampling}, for {@code opt.rounds} rounds of {@code opt.steps} steps. Writes metrics under
   * {@code --out}/{@code label}-{@code seed} when set; a console line per step unless {@code --quiet}.
   */
  public static TuneResult tao(DecoderPolicy policy, PromptSource prompts, Scorer scorer, SamplingParams sampling,
      DemoOptions opt, long seed, String label) {
    return tao(policy, prompts, scorer, generator(sampling), opt, seed, label);
  }

  /** The sampling generator of {@code sampling}'s group size, temperature, top-k/p, answer budget and stops. */
  public static Generator generator(SamplingParams sampling) {
    return Generators.sampling(sampling).build();
  }

  /** As above, sampling with {@code generator} (a router of per-task settings, say). */
  public static TuneResult tao(DecoderPolicy policy, PromptSource prompts, Scorer scorer, Generator generator,
      DemoOptions opt, long seed, String label) {
    return tao(policy, prompts, scorer, generator, opt, seed, label, List.of());
  }

  /** As above, with {@code listeners} told of the run's events too. */
  public static TuneResult tao(DecoderPolicy policy, PromptSource prompts, Scorer scorer, Generator generator,
      DemoOptions opt, long seed, String label, List<TaoListener> listeners) {
    if (opt.loraRank > 0 && policy.model().adapters().isEmpty()) {
      policy.withLora(ai.tao.core.model.LoraConfig.builder().rank(opt.loraRank).alpha(2.0 * opt.loraRank).build(), seed);
    }
    try (GrpoTrainer trainer = Trainers.grpo().learningRate(opt.taoLearningRate()).klCoefficient(opt.kl)
        .microBatchSequences(32).trainer(policy)) {
      TuneRequest.Builder req = TuneRequest.builder().policy(policy).prompts(prompts)
          .generator(generator)
          .scorer(scorer).trainer(trainer).rounds(opt.rounds).promptsPerStep(opt.promptsPerStep)
          .stepsPerRound(opt.steps).seed(seed);
      if (opt.snapshotEvery > 0) {
        req.collapseGuard(CollapseGuard.defaults().withSnapshotEvery(opt.snapshotEvery));
      }
      if (opt.outDir != null) {
        req.outputDir(opt.outDir.resolve(label + "-" + seed));
      }
      if (!opt.quiet) {
        req.listener(Listeners.console());
      }
      listeners.forEach(req::listener);
      return Tao.tune(req.build());
    }
  }

  /** Adds a main TAO run's mean trained sequences per step and its collapse stops (after {@code label}, if any) to {@code result}. */
  public static void record(TuneResult r, DemoResult result, String label, long seed) {
    result.taoTrainedSequences.add(r.steps().stream().filter(m -> !m.train().skipped())
        .mapToDouble(m -> m.train().sequences()).average().orElse(0));
    for (CollapseStop stop : r.collapseStops()) {
      result.collapseStops.add((label.isEmpty() ? "" : label + " ") + "seed " + seed + ": " + stop.message());
    }
  }

  /** SFT on {@code labels} with as many steps as a TAO run, each on {@code --sft-batch} labeled sequences. */
  public static void sft(DecoderPolicy policy, List<LabeledExample> labels, DemoOptions opt, long seed) {
    try (SftTrainer sft = Trainers.sft().learningRate(opt.sftLearningRate).batchSize(opt.sftBatch).microBatch(32)
        .steps(opt.steps * opt.rounds).shuffleSeed(seed).trainer(policy)) {
      sft.fit(labels);
    }
  }
}
