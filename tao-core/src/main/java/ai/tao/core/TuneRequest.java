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
 * @param outputDir where checkpoints (round-N/) and metrics.jsonl go; must be new or empty; empty =
 *     nothing written
 * @param collapseGuard stops a round whose reward looks gamed
 * @param maxDuration wall-clock budget: the run stops after the step that exceeds it; empty = none
 * @param stopWhen polled after every step; the run stops once it returns true
 * @since 0.1
 */
public record TuneRequest(Policy policy, PromptSource prompts, Generator generator, Scorer scorer, Trainer trainer,
    int rounds, int promptsPerStep, int stepsPerRound, long seed, List<TaoListener> listeners,
    Optional<Path> outputDir, CollapseGuard collapseGuard, Optional<Duration> maxDuration, BooleanSupplier stopWhen) {

  public TuneRequest {
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(stopWhen, "stopWhen");
  }

  public static Builder builder() {
    return new Builder();
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
      return new TuneRequest(policy, prompts, generator, scorer, trainer, rounds, promptsPerStep, stepsPerRound,
          seed, listeners, Optional.ofNullable(outputDir), collapseGuard, Optional.ofNullable(maxDuration), stopWhen);
    }
  }
}
