package ai.tao.core;

import ai.tao.api.Policy;
import ai.tao.api.Resumable;
import ai.tao.api.ScoredRollout;
import ai.tao.api.TaoEvent;
import ai.tao.api.TaoListener;
import ai.tao.api.TrainStepResult;
import ai.tao.api.Trainer;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link KillResumeTest}: runs (or resumes) {@link ResumeFixture} in a folder,
 * with a {@link StopSignal}, and prints what the harness waits for, one line each: {@code RESUMED n}
 * (the state it resumed from holds n steps), {@code STEP n} (n steps done), {@code STATE n} (a state
 * after n steps is complete), {@code WRITING} (it is inside a state's temporary folder, pausing so
 * the harness can kill it there), {@code END <how the run ended>}.
 *
 * <p>Arguments: the output folder, checkpointEvery, and either {@code pause} to pause inside the
 * first state it writes, or {@code leash=n} to stop once step n is done, before any state after
 * it is written: however late the harness's kill lands, no state after step n - 1 exists.
 */
public final class KillResumeChild {
  private KillResumeChild() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int every = Integer.parseInt(args[1]);
    boolean pause = args.length > 2 && args[2].equals("pause");
    long leash = args.length > 2 && args[2].startsWith("leash=") ? Long.parseLong(args[2].substring(6)) : -1;
    AtomicLong done = new AtomicLong();
    TaoListener report = TaoListener.of(e -> {
      if (e instanceof TaoEvent.RunResumed r) {
        done.set(r.stepsDone());
        say("RESUMED " + r.stepsDone());
      } else if (e instanceof TaoEvent.StepCompleted) {
        long n = done.incrementAndGet();
        say("STEP " + n);
        if (n == leash) {
          sleep(); // StepCompleted comes before the step's state is written
        }
      } else if (e instanceof TaoEvent.StateSaved s) {
        say("STATE " + s.stepsDone());
      }
    });
    try (StopSignal stop = StopSignal.install(); DecoderPolicy policy = ResumeFixture.policy(3);
        GrpoTrainer grpo = ResumeFixture.trainer(policy)) {
      Trainer trainer = pause ? new PausingTrainer(grpo) : grpo;
      TuneResult r = Tao.tune(ResumeFixture.request(policy, grpo, out, every).trainer(trainer).listener(report)
          .stopWhen(stop).build());
      say("END " + r.end() + " ran " + r.stepsRun());
    }
  }

  /** Waits for the harness's kill. */
  private static void sleep() {
    try {
      Thread.sleep(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** A GRPO trainer whose first state write stops inside the temporary folder, its files half there. */
  private static final class PausingTrainer implements Trainer {
    private final GrpoTrainer grpo;

    PausingTrainer(GrpoTrainer grpo) {
      this.grpo = grpo;
    }

    @Override
    public String name() {
      return grpo.name();
    }

    @Override
    public Policy policy() {
      return grpo.policy();
    }

    @Override
    public TrainStepResult step(List<ScoredRollout> batch) {
      return grpo.step(batch);
    }

    @Override
    public boolean reportsKl() {
      return grpo.reportsKl();
    }

    @Override
    public Map<String, Object> settings() {
      return grpo.settings();
    }

    @Override
    public void rolledBack() {
      grpo.rolledBack();
    }

    @Override
    public Optional<Resumable> resumable() {
      return Optional.of(new Resumable() {
        @Override
        public void saveState(Path dir) {
          grpo.saveState(dir);
          say("WRITING " + dir.getParent());
          sleep();
        }

        @Override
        public void restoreState(Path dir) {
          grpo.restoreState(dir);
        }
      });
    }

    @Override
    public void close() {}
  }
}
