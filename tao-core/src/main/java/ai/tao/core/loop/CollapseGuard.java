package ai.tao.core.loop;

import ai.tao.api.CollapseStop;
import ai.tao.api.ConfigurationException;
import ai.tao.api.StepMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a round for the signature of a gamed label-free reward: reward rising while the diversity
 * of answers falls (the group agreeing on a degenerate answer); one answer coming to be given to
 * different questions (the answers no longer depend on the question); or the policy drifting past a
 * KL budget from the reference model. When any trips, the loop stops the round and, with {@code
 * rollback} on, restores the last healthy weights: an in-memory snapshot taken every {@code
 * snapshotEvery} updates that predates the window that tripped (see {@link HealthySnapshots}), or
 * the round's start. Rolling back needs a {@link ai.tao.api.TrainablePolicy}; a KL budget needs a
 * trainer that {@linkplain ai.tao.api.Trainer#reportsKl() reports KL}. {@code TuneRequest.build()}
 * refuses a guard whose needs the request cannot meet.
 *
 * <p>Why a window for the KL budget: one step's KL is estimated on one batch (a few dozen
 * sequences) and is noisy; a user's run went 0.09 → 0.21 → 0.61 in three steps and back. The mean
 * of the last {@code klWindow} steps still reacts within a few steps of a real drift, but one noisy
 * batch does not stop a round.
 *
 * <p><b>Why a question-independence signal.</b> Majority-vote self-training has a known fixed
 * point: give every question the same answer, and every group agrees with itself. A user's
 * word-problem run with a near-chance base converged in 26 steps to "Answer: 30" for different
 * questions; reward rose 0.57 → 0.79 while answer diversity fell only 0.49 → 0.28, less than the
 * {@code diversityDrop} of 0.25 the gamed-reward signal needs, so only the KL budget stopped it,
 * late. Diversity within a group cannot see this collapse (each group still agrees on one answer);
 * {@link StepMetrics#sharedAnswerFraction()} can: it is the share of a step's questions whose
 * majority answer is the single most common one. The guard compares the mean of the round's last
 * {@code window} steps that carry it with the mean of its first {@code window} such steps, the
 * starting policy's, so a task whose answers genuinely recur (yes/no questions, small counts) is
 * judged against its own base and not against an absolute bar. Steps with fewer than two distinct
 * prompts carry no signal and are skipped.
 *
 * @param klBudget largest mean per-token KL to the reference, averaged over the last {@code
 *     klWindow} updates, before the round stops; ≤ 0 disables
 * @param klWindow updates the KL is averaged over, at least 1
 * @param window steps compared for the gamed-reward signal (the last {@code window} against the
 *     {@code window} before)
 * @param rewardRise reward must rise by at least this much over the window…
 * @param diversityDrop …while answer diversity falls by at least this much, to trip
 * @param sharedAnswerLevel the question-independence signal trips when the mean {@linkplain
 *     StepMetrics#sharedAnswerFraction() shared-answer fraction} of the last {@code window} steps is
 *     at least this (in [0, 1]; {@code +∞} disables the signal)…
 * @param sharedAnswerRise …and exceeds the mean of the round's first {@code window} steps (the
 *     starting policy's) by at least this much, ≥ 0
 * @param snapshotEvery updates between healthy-weight snapshots (two are kept in memory); 0 keeps
 *     only the round's start. Must be 0 or at least {@code 2 × max(window, klWindow)}, so a snapshot
 *     older than the tripping window always exists
 * @param rollback whether a trip restores the last healthy weights (true) or only stops the round
 * @since 0.1
 */
public record CollapseGuard(double klBudget, int klWindow, int window, double rewardRise, double diversityDrop,
    double sharedAnswerLevel, double sharedAnswerRise, int snapshotEvery, boolean rollback) {

  /**
   * @throws ConfigurationException naming the bad value
   */
  public CollapseGuard {
    if (window <= 0 || klWindow <= 0) {
      throw new ConfigurationException("collapse window and klWindow must be > 0, got " + window + " and "
          + klWindow);
    }
    if (snapshotEvery < 0 || (snapshotEvery > 0 && snapshotEvery < trustedAge(window, klWindow))) {
      throw new ConfigurationException("snapshotEvery must be 0 or >= 2 × max(window, klWindow) ("
          + trustedAge(window, klWindow) + "), got " + snapshotEvery);
    }
    if (!(sharedAnswerLevel >= 0) || !(sharedAnswerRise >= 0)) {
      throw new ConfigurationException("sharedAnswerLevel and sharedAnswerRise must be >= 0 (a level of"
          + " +Infinity disables the signal), got " + sharedAnswerLevel + " and " + sharedAnswerRise);
    }
  }

  private static int trustedAge(int window, int klWindow) {
    return 2 * Math.max(window, klWindow);
  }

  /** {@link #sharedAnswerLevel()} of {@link #defaults()}. */
  public static final double DEFAULT_SHARED_ANSWER_LEVEL = 0.5;

  /** {@link #sharedAnswerRise()} of {@link #defaults()}. */
  public static final double DEFAULT_SHARED_ANSWER_RISE = 0.25;

  /**
   * KL budget 0.5 nats/token over the last 3 updates; trips when reward rises by 0.1 while
   * diversity falls by 0.25 over 4 steps, or when the shared-answer fraction of the last 4 steps
   * reaches 0.5 and lies 0.25 above the round's first 4 steps; a healthy snapshot every 20 updates;
   * rolls back.
   *
   * <p>Why 0.5 and 0.25 for the shared answer: with {@code g} distinct prompts a step, answers that
   * follow the questions give {@code 1/g} (0.125 with 8 prompts) and a chance pair of equal
   * answers {@code 2/g} (0.25). A mean of 0.5 over 4 steps means half the step's questions get one
   * answer, step after step: not chance on a task whose answers depend on the question. The rise of
   * 0.25 (two of 8 questions more than at the start) keeps a task whose base already shares answers
   * from tripping at all, and with 2 prompts a step (0.5 or 1) asks that half the recent steps give
   * both questions one answer when the base did not. A collapse heads for 1 and passes both bars
   * within a few steps of starting, while the KL to the reference is still small: on a tiny model
   * (SharedAnswerCollapseTest) this signal stops the collapse after step 8, the KL budget only after
   * step 20; and once every group is unanimous GRPO skips its steps, so no KL is measured at all.
   */
  public static CollapseGuard defaults() {
    return new CollapseGuard(0.5, 3, 4, 0.1, 0.25, DEFAULT_SHARED_ANSWER_LEVEL, DEFAULT_SHARED_ANSWER_RISE, 20,
        true);
  }

  /** Never trips, never rolls back: any policy and trainer will do. */
  public static CollapseGuard off() {
    return new CollapseGuard(0, 1, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY, 0, false);
  }

  /** The same guard without a KL budget (for trainers that measure no KL). */
  public CollapseGuard withoutKlBudget() {
    return withKlBudget(0);
  }

  /** The same guard with another KL budget. */
  public CollapseGuard withKlBudget(double budget) {
    return new CollapseGuard(budget, klWindow, window, rewardRise, diversityDrop, sharedAnswerLevel,
        sharedAnswerRise, snapshotEvery, rollback);
  }

  /**
   * The same guard with another snapshot interval: 0, or at least 2 × max(window, klWindow).
   *
   * @throws ConfigurationException if {@code every} is neither
   * @since 0.5
   */
  public CollapseGuard withSnapshotEvery(int every) {
    return new CollapseGuard(klBudget, klWindow, window, rewardRise, diversityDrop, sharedAnswerLevel,
        sharedAnswerRise, every, rollback);
  }

  /**
   * The same guard without the question-independence signal: for tasks where one answer to many
   * questions is right by design (a classifier with few labels, yes/no questions).
   */
  public CollapseGuard withoutSharedAnswer() {
    return withSharedAnswer(Double.POSITIVE_INFINITY, sharedAnswerRise);
  }

  /** The same guard with another question-independence level and rise. */
  public CollapseGuard withSharedAnswer(double level, double rise) {
    return new CollapseGuard(klBudget, klWindow, window, rewardRise, diversityDrop, level, rise, snapshotEvery,
        rollback);
  }

  /** The same guard that stops rounds without restoring weights (for policies that cannot snapshot). */
  public CollapseGuard withoutRollback() {
    return new CollapseGuard(klBudget, klWindow, window, rewardRise, diversityDrop, sharedAnswerLevel,
        sharedAnswerRise, 0, false);
  }

  /** Whether the guard reads KL. */
  public boolean needsKl() {
    return klBudget > 0;
  }

  /** Updates a snapshot must predate a trip by: the span of the longest comparison. */
  public int trustedSnapshotAge() {
    return trustedAge(window, klWindow);
  }

  /** The settings, for the run log. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("klBudget", klBudget);
    m.put("klWindow", klWindow);
    m.put("window", window);
    m.put("rewardRise", rewardRise);
    m.put("diversityDrop", diversityDrop);
    m.put("sharedAnswerLevel", sharedAnswerLevel);
    m.put("sharedAnswerRise", sharedAnswerRise);
    m.put("snapshotEvery", snapshotEvery);
    m.put("rollback", rollback);
    return m;
  }

  /** Per-round state. */
  public Monitor monitor() {
    return new Monitor();
  }

  /**
   * A monitor that continues from {@code state} (what {@link Monitor#state()} returned), as a
   * resumed run needs: it trips exactly when the monitor that was saved would have.
   *
   * @since 0.4
   */
  public Monitor monitor(MonitorState state) {
    Monitor m = new Monitor();
    for (int i = 0; i < state.rewards().size(); i++) {
      m.history.addLast(new double[] {state.rewards().get(i), state.diversities().get(i)});
    }
    m.kls.addAll(state.kls());
    m.sharedAtStart.addAll(state.sharedAtStart());
    m.sharedRecent.addAll(state.sharedRecent());
    return m;
  }

  /**
   * What a {@link Monitor} remembers of its round's steps, oldest first.
   *
   * @param rewards mean rewards of the steps the gamed-reward signal compares
   * @param diversities their answer diversities, one per reward
   * @param kls the KLs of the last updates, for the KL budget's mean
   * @param sharedAtStart shared-answer fractions of the round's first steps
   * @param sharedRecent the latest shared-answer fractions after those
   * @since 0.4
   */
  public record MonitorState(List<Double> rewards, List<Double> diversities, List<Double> kls,
      List<Double> sharedAtStart, List<Double> sharedRecent) {
    public MonitorState {
      rewards = List.copyOf(rewards);
      diversities = List.copyOf(diversities);
      kls = List.copyOf(kls);
      sharedAtStart = List.copyOf(sharedAtStart);
      sharedRecent = List.copyOf(sharedRecent);
      if (rewards.size() != diversities.size()) {
        throw new ConfigurationException("monitor state has " + rewards.size() + " rewards but "
            + diversities.size() + " diversities");
      }
    }
  }

  /** A tripped guard: which signal, and what it saw. */
  public record Trip(CollapseStop.Reason reason, String detail) {}

  /** Feeds step metrics and says why to stop, if it should. */
  public final class Monitor {
    private final Deque<double[]> history = new ArrayDeque<>();
    private final Deque<Double> kls = new ArrayDeque<>();
    /** The round's first {@code window} shared-answer fractions: the starting policy's. */
    private final List<Double> sharedAtStart = new ArrayList<>();
    /** The last {@code window} shared-answer fractions after those. */
    private final Deque<Double> sharedRecent = new ArrayDeque<>();

    /** What this monitor remembers, for a resume state. */
    public MonitorState state() {
      List<Double> rewards = new ArrayList<>();
      List<Double> diversities = new ArrayList<>();
      for (double[] h : history) {
        rewards.add(h[0]);
        diversities.add(h[1]);
      }
      return new MonitorState(rewards, diversities, new ArrayList<>(kls), sharedAtStart, new ArrayList<>(sharedRecent));
    }

    /**
     * @throws ConfigurationException if the guard has a KL budget and a step that ran reports no KL
     */
    public Optional<Trip> check(StepMetrics step) {
      Optional<Trip> trip = checkKl(step);
      if (trip.isEmpty()) {
        trip = checkSharedAnswer(step);
      }
      if (trip.isEmpty()) {
        trip = checkGamedReward(step);
      }
      return trip;
    }

    private Optional<Trip> checkKl(StepMetrics step) {
      if (klBudget <= 0 || step.train().skipped()) {
        return Optional.empty();
      }
      double kl = step.train().kl().orElseThrow(() -> new ConfigurationException("the collapse guard has a KL"
          + " budget but the trainer reported no KL at round " + (step.round() + 1) + " step " + (step.step() + 1)
          + "; use CollapseGuard.withoutKlBudget() or a trainer with a KL reference"));
      kls.addLast(kl);
      if (kls.size() > klWindow) {
        kls.removeFirst();
      }
      double mean = kls.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      if (kls.size() == klWindow && mean > klBudget) {
        return Optional.of(new Trip(CollapseStop.Reason.KL_BUDGET, String.format(Locale.ROOT,
            "KL to the reference model %.3f (mean of the last %d updates) exceeds the budget %.3f", mean,
            klWindow, klBudget)));
      }
      return Optional.empty();
    }

    /** The last {@code window} steps against the round's first {@code window}, never overlapping. */
    private Optional<Trip> checkSharedAnswer(StepMetrics step) {
      if (step.sharedAnswerFraction().isEmpty()) {
        return Optional.empty();
      }
      double shared = step.sharedAnswerFraction().getAsDouble();
      if (sharedAtStart.size() < window) {
        sharedAtStart.add(shared);
        return Optional.empty();
      }
      sharedRecent.addLast(shared);
      if (sharedRecent.size() > window) {
        sharedRecent.removeFirst();
      }
      if (sharedRecent.size() < window) {
        return Optional.empty();
      }
      double start = average(sharedAtStart);
      double recent = average(sharedRecent);
      if (recent >= sharedAnswerLevel && recent - start >= sharedAnswerRise) {
        return Optional.of(new Trip(CollapseStop.Reason.SHARED_ANSWER, String.format(Locale.ROOT,
            "one answer is the majority answer of %.0f%% of each step's questions (shared-answer fraction %.3f,"
                + " mean of the last %d steps, >= level %.3f), up from %.3f over the round's first %d steps (rise"
                + " %.3f >= %.3f): the answers no longer depend on the question (majority-vote collapse?)",
            100 * recent, recent, window, sharedAnswerLevel, start, window, recent - start, sharedAnswerRise)));
      }
      return Optional.empty();
    }

    private Optional<Trip> checkGamedReward(StepMetrics step) {
      if (step.rewardMean().isEmpty()) {
        return Optional.empty();
      }
      history.addLast(new double[] {step.rewardMean().getAsDouble(), step.answerDiversity()});
      if (history.size() > 2 * window) {
        history.removeFirst();
      }
      if (history.size() < 2 * window) {
        return Optional.empty();
      }
      double[] before = mean(history.stream().limit(window).toList());
      double[] after = mean(history.stream().skip(window).toList());
      if (after[0] - before[0] >= rewardRise && before[1] - after[1] >= diversityDrop) {
        return Optional.of(new Trip(CollapseStop.Reason.GAMED_REWARD, String.format(Locale.ROOT,
            "reward rose %.3f → %.3f while answer diversity fell %.3f → %.3f (a gamed reward?)",
            before[0], after[0], before[1], after[1])));
      }
      return Optional.empty();
    }

    private static double average(Collection<Double> xs) {
      return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private double[] mean(List<double[]> xs) {
      double[] m = new double[2];
      for (double[] x : xs) {
        m[0] += x[0] / xs.size();
        m[1] += x[1] / xs.size();
      }
      return m;
    }
  }
}
