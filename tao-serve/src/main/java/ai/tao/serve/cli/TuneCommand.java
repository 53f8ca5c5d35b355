package ai.tao.serve.cli;

import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.core.StopSignal;
import ai.tao.core.Tao;
import ai.tao.core.TuneRequest;
import ai.tao.core.TuneResult;
import ai.tao.core.data.PromptFiles;
import ai.tao.core.observe.Listeners;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tao tune}: one TAO run on a JSONL file of unlabeled prompts, written to an output folder
 * that a second call with the same arguments resumes (Ctrl-C stops at a step boundary with a
 * resume state). The tuned weights go to {@code OUT/final}.
 *
 * @since 0.5
 */
@Command(name = "tune",
    description = "Tune a model on unlabeled prompts (JSONL) with a label-free scorer; resumable.")
public final class TuneCommand extends Subcommand {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face folder to start from")
  Path model;

  @Option(names = "--prompts", required = true, paramLabel = "FILE",
      description = "JSONL of prompts ({\"prompt\": ...} or {\"messages\": [...]}); label fields are refused")
  Path prompts;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "run folder: metrics.jsonl, resume states, and the tuned model in final/")
  Path out;

  @Option(names = "--checkpoint-every", defaultValue = "10",
      description = "steps between resume states; 0 = none (default: ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Mixin
  TuneOptions tune;

  @Override
  public Integer call() {
    PromptSource source = PromptFiles.jsonl(prompts).build();
    try (StopSignal stop = StopSignal.install();
        DecoderPolicy policy = DecoderPolicy.load(model);
        Scorer scorer = tune.scorer();
        GrpoTrainer trainer = tune.trainer(policy)) {
      TuneRequest request = TuneRequest.builder().policy(policy).prompts(source).generator(tune.generator())
          .scorer(scorer).trainer(trainer).rounds(1).promptsPerStep(tune.promptsPerStep).stepsPerRound(tune.steps)
          .seed(tune.seed).outputDir(out).checkpointEvery(checkpointEvery).stopWhen(stop)
          .listener(Listeners.console()).build();
      TuneResult r = Tao.tune(request);
      if (r.end() == TuneResult.End.STOP_REQUESTED) {
        out().printf(Locale.ROOT, "stopped after %d steps, with a resume state in %s; run the same command"
            + " again to go on%n", r.stepsRun(), out);
        return 0;
      }
      Path finalDir = out.resolve("final");
      policy.save(finalDir);
      out().printf(Locale.ROOT, "%s after %d steps in %.0f s; tuned model in %s%n", r.end(), r.stepsRun(),
          r.seconds(), finalDir);
      return 0;
    }
  }
}
