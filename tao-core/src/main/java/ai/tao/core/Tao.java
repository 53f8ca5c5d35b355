package ai.tao.core;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.OutputException;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoException;
import ai.tao.core.internal.resume.RunFolder;
import ai.tao.core.internal.resume.RunSettings;

/**
 * Test-time Adaptive Optimization in one call: for each round, take the round's unlabeled prompts,
 * and step by step generate a group of candidates per prompt, score the groups without labels, and
 * train the policy on them; checkpoint at the end of each round.
 *
 * <pre>{@code
 * try (GrpoTrainer trainer = Trainers.grpo().learningRate(1e-5).klCoefficient(0.05).trainer(policy)) {
 *   TuneResult r = Tao.tune(TuneRequest.builder()
 *       .policy(policy).prompts(source)
 *       .generator(Generators.sampling().candidatesPerPrompt(8).temperature(0.7).maxNewTokens(96).build())
 *       .scorer(scorer).trainer(trainer)
 *       .rounds(2).seed(7).listener(Listeners.console()).build());
 * }
 * }</pre>
 *
 * <p><b>Crash safety.</b> Checkpoints ({@code round-N/}) are written into a temporary folder,
 * synced and renamed into place, so a crash never leaves a half-written one under its real name.
 * With {@link TuneRequest.Builder#checkpointEvery checkpointEvery(k)} the run also writes a resume
 * state every {@code k} steps, and when it stops early ({@link StopSignal} for SIGTERM and Ctrl-C):
 * the policy's weights, the trainer's state (AdamW moments and step), the data cursor (round and
 * step; every seed derives from the run's seed and the position), the collapse guard's memory and
 * healthy snapshots, the metrics so far. Pointed again at the folder of such a run, {@code tune}
 * resumes it from its newest complete state, and ends with weights bit for bit equal to those of
 * a run that was never interrupted; it refuses, naming what differs, when the settings or the
 * prompts of the round in progress are not the interrupted run's, and refuses a run that had
 * completed (there would be nothing to do). metrics.jsonl is cut back to the state, so no step is
 * listed twice or lost; a {@code "resume"} line marks the seam. See {@link TuneResult#resumed()}.
 *
 * @since 0.1
 */
public final class Tao {
  /** Share of truncated candidates in a step above which the round warns (once). */
  static final double TRUNCATION_WARNING = 0.25;

  private Tao() {}

  /**
   * Runs the loop; see the class comment.
   *
   * @throws OutputException if the output folder holds files of something other than a resumable
   *     run, or a run that completed
   * @throws ConfigurationException if the folder's run was started with other settings (each
   *     difference named), or resume states need what the request lacks
   * @throws DataInputException if the prompts of the round a resume continues differ from the
   *     interrupted run's
   * @throws TaoException naming the cause of any failure; metrics, checkpoints and resume states
   *     written so far stay
   */
  public static TuneResult tune(TuneRequest req) {
    long t0 = System.nanoTime();
    RunFolder folder = req.outputDir().map(d -> RunFolder.open(d,
        req.checkpointEvery() > 0 ? RunSettings.of(req) : null, req.checkpointEvery())).orElse(null);
    TuneRun run = new TuneRun(req, t0, folder);
    run.prepare();
    try {
      if (folder != null) {
        folder.begin();
      }
      return run.run();
    } catch (TaoException e) {
      run.emit(new TaoEvent.Warning("run stopped: " + e.getMessage()));
      throw e;
    } finally {
      if (folder != null) {
        folder.close();
      }
    }
  }
}
