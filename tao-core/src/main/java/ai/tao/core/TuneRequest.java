package ai.tao.core;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Generator;
import ai.tao.api.Policy;
import ai.tao.api.PromptSource;
import ai.tao.api.Scorer;
import ai.tao.api.TaoListener;
import ai.tao.api.Trainer;
import ai.tao.core.loop.CollapseGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Everything one {@link Tao#tune} call needs. Build with {@link #builder()}; {@code build()} checks
 * that the parts fit together.
 *
 * @param policy the model being tuned (updated in place by the trainer)
 * @param prompts unlabeled prompts, possibly different each round
 * @param generator stage 1: candidates per prompt
 * @param scorer stage 2: label-free scores of each group (the caller keeps ownership and closes it)
 * @param trainer stage 3: the RL update, built for {@code policy}
 * @param rounds passes of the flywheel (stage 4)
 * @param promptsPerStep prompts whose rollouts make one training batch
 * @param stepsPerRound steps per round; 0 = one pass over the round's prompts
 * @param seed seeds prompt order and sampling
 * @param listeners progress and metrics
 * @param outputDir where checkpoints (round-N/) and metrics.jsonl go; must be new or empty, or the
 *     folder of an interrupted run with resume states, which the run then resumes (see {@link
 *     Tao#tune}); empty = nothing written
 * @param collapseGuard stops a round whose reward looks gamed
 * @param maxDuration wall-clock budget: the run stops after the step that exceeds it; empty = none
 * @param stopWhen polled after every step; the run stops once it returns true ({@link StopSignal}
 *     turns SIGTERM and Ctrl-C into such a stop)
 * @param checkpointEvery write a resume state into {@code outputDir/state/} after every this many
 *     steps, and when the run stops early; 0 = never (then the folder cannot be resumed)
 * @param keepStates resume states kept on disk, the newest; older ones are deleted
 * @since 0.1
 */
public record TuneRequest(Policy policy, PromptSource prompts, Generator generator, Scorer scorer, Trainer trainer,
    int rounds, int promptsPerStep, int stepsPerRound, long seed, List<TaoListener> listeners,
    Optional<Path> outputDir, CollapseGuard collapseGuard, Optional<Duration> maxDuration, BooleanSupplier stopWhen,
    int checkpointEvery, int keepStates) {

  public TuneRequest {
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(stopWhen, "stopWhen");
  }

  /** A request without resume states, as before 0.4. */
  public TuneRequest(Policy policy, PromptSource prompts, Generator generator, Scorer scorer, Trainer trainer,
      int rounds, int promptsPerStep, int stepsPerRound, long seed, List<TaoListener> listeners,
      Optional<Path> outputDir, CollapseGuard collapseGuard, Optional<Duration> maxDuration, BooleanSupplier stopWhen) {
    this(policy, prompts, generator, scorer, trainer, rounds, promptsPerStep, stepsPerRound, seed, listeners, outputDir,
        collapseGuard, maxDuration, stopWhen, 0, Builder.DEFAULT_KEEP_STATES);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding every value of this request, to change one or two (listeners are copied).
   *
   * @since 0.4
   */
  public Builder toBuilder() {
    Builder b = new Builder().policy(policy).prompts(prompts).generator(generator).scorer(scorer).trainer(trainer)
        .rounds(rounds).promptsPerStep(promptsPerStep).stepsPerRound(stepsPerRound).seed(seed)
        .outputDir(outputDir.orElse(null)).collapseGuard(collapseGuard).maxDuration(maxDuration.orElse(null))
        .stopWhen(stopWhen).checkpointEvery(checkpointEvery).keepStates(keepStates);
    listeners.forEach(b::listener);
    return b;
  }

  /** Fluent builder; {@code build()} names every missing, bad or mismatched value. */
  public static final class Builder {
    private Policy policy;
    private PromptSource prompts;
    private Generator generator;
    private Scorer scorer;
    private Trainer trainer;
    /** 1 round. */
    private int rounds = 1;
    /** 8 prompts per step (with 8 candidates each: 64 sequences per batch). */
    private int promptsPerStep = 8;
    /** 0: one pass over the round's prompts. */
    private int stepsPerRound;
    /** 0. */
    private long seed;
    private final List<TaoListener> listeners = new ArrayList<>();
    /** None: nothing is written. */
    private Path outputDir;
    /** {@link CollapseGuard#defaults()}: label-free rewards get gamed; watch for it by default. */
    private CollapseGuard collapseGuard = CollapseGuard.defaults();
    /** None. */
    private Duration maxDuration;
    /** Never. */
    private BooleanSupplier stopWhen = () -> false;
    /**
     * 0: no resume states, as before 0.4. Off by default because a state is large and its cost is
     * the caller's to choose: it holds the weights and AdamW's two moments (three times the weights'
     * size, 12 GB for a 1B-parameter model in F32; five times with a rolling-back collapse guard,
     * whose two healthy snapshots are saved too), written every {@code checkpointEvery} steps. For a
     * long run, pick the steps you are willing to redo after a crash.
     */
    private int checkpointEvery;
    /** {@value #DEFAULT_KEEP_STATES}. */
    private int keepStates = DEFAULT_KEEP_STATES;

    /**
     * Resume states kept unless said otherwise: 2, so that if the newest is damaged on disk (it fails
     * its checksums) the one before it is still there to resume from.
     */
    public static final int DEFAULT_KEEP_STATES = 2;

    public Builder policy(Policy v) { policy = v; return this; }
    public Builder prompts(PromptSource v) { prompts = v; return this; }
    public Builder generator(Generator v) { generator = v; return this; }
    public Builder scorer(Scorer v) { scorer = v; return this; }
    public Builder trainer(Trainer v) { trainer = v; return this; }
    public Builder rounds(int v) { rounds = v; return this; }
    public Builder promptsPerStep(int v) { promptsPerStep = v; return this; }
    public Builder stepsPerRound(int v) { stepsPerRound = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder listener(TaoListener v) { listeners.add(Objects.requireNonNull(v, "listener")); return this; }
    public Builder outputDir(Path v) { outputDir = v; return this; }
    public Builder collapseGuard(CollapseGuard v) { collapseGuard = v; return this; }
    public Builder maxDuration(Duration v) { maxDuration = v; return this; }
    public Builder stopWhen(BooleanSupplier v) { stopWhen = Objects.requireNonNull(v, "stopWhen"); return this; }
    /**
     * Writes a resume state every {@code steps} steps (and when the run stops early); 0, the default,
     * writes none. Needs an output folder, and a policy and a trainer that are {@linkplain
     * ai.tao.api.Resumable resumable}. A state holds the weights and AdamW's two moments (three
     * times the weights' size; five times with a rolling-back collapse guard, whose healthy
     * snapshots it holds too). With it on, a run pointed at its own folder again resumes there.
     *
     * @since 0.4
     */
    public Builder checkpointEvery(int steps) { checkpointEvery = steps; return this; }
    /**
     * Resume states kept on disk (the newest); default {@value #DEFAULT_KEEP_STATES}; at least 1.
     *
     * @since 0.4
     */
    public Builder keepStates(int n) { keepStates = n; return this; }

    /**
     * @throws ConfigurationException if a part is missing, a number is out of range, the trainer was
     *     built for another policy, or the collapse guard needs what the policy or trainer lacks
     */
    public TuneRequest build() {
      List<String> missing = new ArrayList<>();
      if (policy == null) {
        missing.add("policy");
      }
      if (prompts == null) {
        missing.add("prompts");
      }
      if (generator == null) {
        missing.add("generator");
      }
      if (scorer == null) {
        missing.add("scorer");
      }
      if (trainer == null) {
        missing.add("trainer");
      }
      if (!missing.isEmpty()) {
        throw new ConfigurationException("TuneRequest is missing " + String.join(", ", missing));
      }
      if (rounds <= 0 || promptsPerStep <= 0 || stepsPerRound < 0) {
        throw new ConfigurationException("need rounds > 0, promptsPerStep > 0 and stepsPerRound >= 0, got "
            + rounds + ", " + promptsPerStep + ", " + stepsPerRound);
      }
      if (collapseGuard == null) {
        throw new ConfigurationException("collapseGuard is null; use CollapseGuard.off() to disable it");
      }
      if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
        throw new ConfigurationException("maxDuration must be positive, got " + maxDuration);
      }
      if (trainer.policy() != policy) {
        throw new ConfigurationException("trainer '" + trainer.name() + "' was built for policy '"
            + trainer.policy().name() + "' but the request tunes '" + policy.name()
            + "': build the trainer for this policy (Trainers.grpo()...trainer(policy))");
      }
      if (generator.scoring().isPresent() && !generator.scoring().get().scorerName().equals(scorer.name())) {
        throw new ConfigurationException("the generator scores where it samples, with scorer '"
            + generator.scoring().get().scorerName() + "', but the request's scorer is '" + scorer.name() + "': give"
            + " the request the scorer the generator applies, so the run's metrics and log name what scored it");
      }
      if (collapseGuard.rollback() && policy.trainable().isEmpty()) {
        throw new ConfigurationException("the collapse guard rolls back, but policy '" + policy.name() + "' ("
            + policy.getClass().getName() + ") is not a TrainablePolicy and cannot snapshot its weights:"
            + " implement TrainablePolicy, or use collapseGuard(CollapseGuard.defaults().withoutRollback())");
      }
      if (collapseGuard.needsKl() && !trainer.reportsKl()) {
        throw new ConfigurationException("the collapse guard has a KL budget (" + collapseGuard.klBudget()
            + ") but trainer '" + trainer.name() + "' reports no KL (a GRPO trainer with klCoefficient 0 keeps no"
            + " reference): set a klCoefficient > 0, or use CollapseGuard.defaults().withoutKlBudget()");
      }
      if (checkpointEvery < 0 || keepStates < 1) {
        throw new ConfigurationException("need checkpointEvery >= 0 and keepStates >= 1, got " + checkpointEvery
            + " and " + keepStates);
      }
      if (checkpointEvery > 0) {
        if (outputDir == null) {
          throw new ConfigurationException("checkpointEvery " + checkpointEvery + " writes resume states into the"
              + " output folder, but no outputDir is set: set one, or checkpointEvery(0)");
        }
        if (policy.resumable().isEmpty()) {
          throw new ConfigurationException("checkpointEvery " + checkpointEvery + " needs a policy whose weights can be"
              + " saved and restored, but policy '" + policy.name() + "' (" + policy.getClass().getName() + ") is not"
              + " resumable (Policy.resumable() is empty): implement ai.tao.api.Resumable, or checkpointEvery(0)");
        }
        if (trainer.resumable().isEmpty()) {
          throw new ConfigurationException("checkpointEvery " + checkpointEvery + " needs a trainer whose state can be"
              + " saved and restored, but trainer '" + trainer.name() + "' (" + trainer.getClass().getName() + ") is"
              + " not resumable (Trainer.resumable() is empty): implement ai.tao.api.Resumable, or checkpointEvery(0)");
        }
      }
      return new TuneRequest(policy, prompts, generator, scorer, trainer, rounds, promptsPerStep, stepsPerRound,
          seed, listeners, Optional.ofNullable(outputDir), collapseGuard, Optional.ofNullable(maxDuration), stopWhen,
          checkpointEvery, keepStates);
    }
  }
}
