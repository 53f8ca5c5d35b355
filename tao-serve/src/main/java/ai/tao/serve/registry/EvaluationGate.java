package ai.tao.serve.registry;

import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.GenerationException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.ScoringException;
import ai.tao.core.eval.ConfidenceInterval;
import ai.tao.core.eval.EvalResult;
import ai.tao.core.eval.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a candidate policy may replace the current one, before it serves anyone.
 *
 * <pre>{@code
 * EvaluationGate gate = EvaluationGate.builder()
 *     .shadowPrompts(heldOut)           // captured prompts the round did not train on
 *     .scorer(scorer).sampling(sampling) // the round's own scorer and sampling settings
 *     .canary(Evaluation.builder().examples(canary).grader(Graders.exactMatch()).build()) // optional
 *     .build();
 * GateDecision decision = gate.evaluate(candidate, current);
 * }</pre>
 *
 * <p><b>Shadow evaluation, label-free.</b> Both policies sample every held-out prompt with the same
 * {@link SamplingParams}, seed included, and the scorer judges each group of candidates as the TAO
 * round did. The candidate passes when its mean applicable score is at least the current mean plus
 * {@link Builder#margin}, and the scorer could judge about as large a share of its completions
 * ({@link Builder#maxApplicableShareDrop}). This half sees prompts and scores only: no gold answer
 * can reach it ({@link Prompt} carries none, and the canary's labels stay inside its {@link
 * Evaluation}).
 *
 * <p><b>Canary, labeled, optional.</b> With {@link Builder#canary}, both policies are also graded
 * greedily ({@link Evaluation#passAt1}) on a small labeled set, and the candidate's accuracy may
 * drop by at most {@link Builder#maxCanaryRegressionPoints} percentage points: the scorer can be
 * gamed, the gold cannot. A candidate that the scorer likes better but the canary likes less is
 * refused.
 *
 * <p>Every check is always run and reported, so a refusal says everything that was wrong. Pass the
 * gate its own instance of the current policy (loaded from the registry), not the one a {@code
 * Gateway} serves: policies need not be thread-safe, and the gateway's batcher calls its policy
 * from its own thread.
 *
 * @since 0.5
 */
public final class EvaluationGate {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationGate.class);

  /** Seed step between sampling calls, so that calls are not copies of each other (as {@link Evaluation}). */
  private static final long CALL_SEED_STEP = 1_000_003L;

  private final Builder config;

  private EvaluationGate(Builder config) {
    this.config = config;
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return config.copy();
  }

  /**
   * Compares {@code candidate} with {@code current}; changes nothing (promoting is the caller's
   * step: {@link ModelRegistry#promote}).
   *
   * @throws GenerationException if a policy returns other than one rollout per prompt
   * @throws ScoringException if the scorer returns other than one score per candidate
   */
  public GateDecision evaluate(Policy candidate, Policy current) {
    return evaluate(candidate, Objects.requireNonNull(candidate, "candidate").name(), current);
  }

  /**
   * As {@link #evaluate(Policy, Policy)}, with the candidate called {@code candidateLabel} in the log:
   * for a candidate that is not yet a version of its own (a policy tuned in memory still carries
   * the name of the version it was loaded from).
   */
  public GateDecision evaluate(Policy candidate, String candidateLabel, Policy current) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(candidateLabel, "candidateLabel");
    Objects.requireNonNull(current, "current");
    LOG.info("evaluation gate: {} against {} on {} held-out prompts, scorer {}, {}, margin {}, max applicable share"
        + " drop {}, canary {}", candidateLabel, current.name(), config.shadowPrompts.size(), config.scorer.name(),
        config.sampling, config.margin, config.maxApplicableShareDrop, config.canary == null ? "none"
            : config.canary.examples().size() + " examples, max regression " + config.maxCanaryRegressionPoints
                + " points");
    List<List<Score>> candidateScores = shadowScores(candidate);
    List<List<Score>> currentScores = shadowScores(current);
    ShadowComparison shadow = new ShadowComparison(config.shadowPrompts.size(), summary(candidateScores),
        summary(currentScores), config.margin, config.maxApplicableShareDrop,
        pairedDifference(candidateScores, currentScores));
    Optional<CanaryComparison> canary = Optional.ofNullable(config.canary).map(c -> new CanaryComparison(
        c.passAt1(candidate), c.passAt1(current), config.maxCanaryRegressionPoints));

    List<String> reasons = new ArrayList<>(shadowReasons(shadow));
    canary.ifPresent(c -> reasons.add(canaryReason(c)));
    boolean promote = shadow.passed() && canary.map(CanaryComparison::passed).orElse(true);
    GateDecision decision = new GateDecision(promote, reasons, shadow, canary);
    LOG.info("evaluation gate: {} {}: {}", candidateLabel, promote ? "may replace " + current.name()
        : "is refused", String.join("; ", reasons));
    return decision;
  }

  /** Each held-out prompt's scores from {@code policy}, in prompt order. */
  private List<List<Score>> shadowScores(Policy policy) {
    List<Prompt> prompts = config.shadowPrompts;
    List<List<Score>> out = new ArrayList<>(prompts.size());
    for (int from = 0, call = 0; from < prompts.size(); from += config.promptsPerCall, call++) {
      List<Prompt> chunk = prompts.subList(from, Math.min(prompts.size(), from + config.promptsPerCall));
      SamplingParams params = config.sampling.toBuilder().seed(config.sampling.seed() + CALL_SEED_STEP * call).build();
      List<Rollout> rollouts = policy.sample(chunk, params);
      if (rollouts.size() != chunk.size()) {
        throw new GenerationException("policy " + policy.name() + " returned " + rollouts.size() + " rollouts for "
            + chunk.size() + " prompts: a policy returns one rollout per prompt");
      }
      for (Rollout r : rollouts) {
        List<Score> scores = config.scorer.score(r.group());
        if (scores.size() != r.size()) {
          throw new ScoringException("scorer " + config.scorer.name() + " returned " + scores.size()
              + " scores for the " + r.size() + " candidates of prompt '" + r.prompt().id() + "'");
        }
        out.add(scores);
      }
      if (prompts.size() > config.promptsPerCall) {
        LOG.info("evaluation gate: {} sampled and scored {}/{} held-out prompts", policy.name(),
            from + chunk.size(), prompts.size());
      }
    }
    return out;
  }

  private static ShadowComparison.Scores summary(List<List<Score>> perPrompt) {
    double sum = 0;
    int scored = 0;
    int notApplicable = 0;
    for (List<Score> scores : perPrompt) {
      for (Score s : scores) {
        if (s.applicable()) {
          sum += s.value();
          scored++;
        } else {
          notApplicable++;
        }
      }
    }
    return new ShadowComparison.Scores(scored == 0 ? 0.0 : sum / scored, scored, notApplicable);
  }

  /** The interval of the per-prompt difference of mean scores, over prompts the scorer judged for both. */
  private static Optional<ConfidenceInterval> pairedDifference(List<List<Score>> candidate, List<List<Score>> current) {
    List<Double> diffs = new ArrayList<>();
    for (int i = 0; i < candidate.size(); i++) {
      ShadowComparison.Scores a = summary(List.of(candidate.get(i)));
      ShadowComparison.Scores b = summary(List.of(current.get(i)));
      if (a.scored() > 0 && b.scored() > 0) {
        diffs.add(a.mean() - b.mean());
      }
    }
    return diffs.isEmpty() ? Optional.empty() : Optional.of(ConfidenceInterval.ofMean(diffs));
  }

  private static List<String> shadowReasons(ShadowComparison s) {
    if (!s.comparable()) {
      String who = s.current().scored() == 0 && s.candidate().scored() == 0 ? "either policy's"
          : s.current().scored() == 0 ? "the current policy's" : "the candidate's";
      return List.of(String.format(Locale.ROOT, "shadow: the scorer judged none of %s completions (candidate %d of"
          + " %d, current %d of %d), so the means cannot be compared: refused; check that the scorer fits these"
          + " prompts", who, s.candidate().scored(), s.candidate().completions(), s.current().scored(),
          s.current().completions()));
    }
    String margin = String.format(Locale.ROOT, "shadow: candidate mean %.4f vs current %.4f over %d held-out prompts"
        + " (%+.4f, needs at least %+.4f): %s", s.candidate().mean(), s.current().mean(), s.prompts(), s.difference(),
        s.margin(), s.meetsMargin() ? "passed" : "failed, the candidate does not beat the current policy by the"
            + " margin");
    String share = String.format(Locale.ROOT, "shadow: the scorer judged %.1f%% of the candidate's completions vs"
        + " %.1f%% of the current's (at most %.1f points fewer allowed): %s", 100 * s.candidate().applicableShare(),
        100 * s.current().applicableShare(), 100 * s.maxApplicableShareDrop(), s.applicableShareKept() ? "passed"
            : "failed, the candidate's completions are judged less often");
    return List.of(margin, share);
  }

  private static String canaryReason(CanaryComparison c) {
    EvalResult cand = c.candidate();
    return String.format(Locale.ROOT, "canary: candidate %s %.4f vs current %.4f on %d labeled examples (%+.1f"
        + " points, at most %.1f points lost allowed): %s", cand.metric(), cand.value(), c.current().value(),
        cand.examples(), (cand.value() - c.current().value()) * 100, c.maxRegressionPoints(), c.passed() ? "passed"
            : "failed, the candidate answers fewer canary examples correctly");
  }

  /**
   * Fluent builder for {@link EvaluationGate}; {@link #shadowPrompts}, {@link #scorer} and {@link
   * #sampling} are required, {@link #build()} validates.
   *
   * @since 0.5
   */
  public static final class Builder {
    /** Default of {@link #margin}. */
    public static final double DEFAULT_MARGIN = 0.02;
    /** Default of {@link #maxApplicableShareDrop}. */
    public static final double DEFAULT_MAX_APPLICABLE_SHARE_DROP = 0.05;
    /** Default of {@link #maxCanaryRegressionPoints}. */
    public static final double DEFAULT_MAX_CANARY_REGRESSION_POINTS = 0.0;
    /** Default of {@link #promptsPerCall}. */
    public static final int DEFAULT_PROMPTS_PER_CALL = 64;

    /** Held-out prompts the shadow evaluation samples. Required, not empty. */
    private List<Prompt> shadowPrompts;

    /** The label-free scorer of the round that trained the candidate. Required. */
    private Scorer scorer;

    /**
     * How both policies sample, seed included: use the round's settings. Required (no default:
     * the answer budget and temperature decide what the scorer sees).
     */
    private SamplingParams sampling;

    /**
     * How much higher the candidate's mean shadow score must be than the current one's, in the
     * scorer's units. Default 0.02 ({@value #DEFAULT_MARGIN}), two points on a scorer in [0, 1]: a
     * candidate must beat the current policy, not tie it, since a tie within sampling noise is no
     * reason to swap, and every swap risks what the scorer cannot see. 0 accepts ties; a negative
     * margin accepts a slightly worse candidate (a smaller or cheaper one). Scale it for scorers
     * with other ranges.
     */
    private double margin = DEFAULT_MARGIN;

    /**
     * How much smaller a share of the candidate's completions the scorer may be unable to judge
     * than of the current policy's, as a fraction in [0, 1]. Default 0.05 ({@value
     * #DEFAULT_MAX_APPLICABLE_SHARE_DROP}): means are over applicable scores only, so without this
     * a candidate that stops answering in the scorer's format would lose nothing.
     */
    private double maxApplicableShareDrop = DEFAULT_MAX_APPLICABLE_SHARE_DROP;

    /** The labeled canary set and its grader. Default none: the gate is label-free. */
    private Evaluation canary;

    /**
     * Percentage points of canary accuracy the candidate may lose. Default 0 ({@value
     * #DEFAULT_MAX_CANARY_REGRESSION_POINTS}): the canary is the safety net the scorer cannot
     * game, so any loss refuses. Greedy grading makes it deterministic; raise it for a large canary
     * where a few flipped examples are noise. Only with {@link #canary}.
     */
    private double maxCanaryRegressionPoints = DEFAULT_MAX_CANARY_REGRESSION_POINTS;

    private boolean maxCanaryRegressionPointsSet;

    /**
     * Held-out prompts per sampling call. Default 64 ({@value #DEFAULT_PROMPTS_PER_CALL}): a
     * progress line per call, and the policy batches rows within a call.
     */
    private int promptsPerCall = DEFAULT_PROMPTS_PER_CALL;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.shadowPrompts = shadowPrompts;
      b.scorer = scorer;
      b.sampling = sampling;
      b.margin = margin;
      b.maxApplicableShareDrop = maxApplicableShareDrop;
      b.canary = canary;
      b.maxCanaryRegressionPoints = maxCanaryRegressionPoints;
      b.maxCanaryRegressionPointsSet = maxCanaryRegressionPointsSet;
      b.promptsPerCall = promptsPerCall;
      return b;
    }

    public Builder shadowPrompts(List<Prompt> shadowPrompts) {
      this.shadowPrompts = List.copyOf(Objects.requireNonNull(shadowPrompts, "shadowPrompts"));
      return this;
    }

    public Builder scorer(Scorer scorer) {
      this.scorer = Objects.requireNonNull(scorer, "scorer");
      return this;
    }

    public Builder sampling(SamplingParams sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling");
      return this;
    }

    public Builder margin(double margin) {
      this.margin = margin;
      return this;
    }

    public Builder maxApplicableShareDrop(double maxApplicableShareDrop) {
      this.maxApplicableShareDrop = maxApplicableShareDrop;
      return this;
    }

    public Builder canary(Evaluation canary) {
      this.canary = Objects.requireNonNull(canary, "canary");
      return this;
    }

    public Builder maxCanaryRegressionPoints(double maxCanaryRegressionPoints) {
      this.maxCanaryRegressionPoints = maxCanaryRegressionPoints;
      this.maxCanaryRegressionPointsSet = true;
      return this;
    }

    public Builder promptsPerCall(int promptsPerCall) {
      this.promptsPerCall = promptsPerCall;
      return this;
    }

    /**
     * @throws ConfigurationException naming what is missing or the value that breaks a rule
     * @throws DataInputException if there are no shadow prompts
     */
    public EvaluationGate build() {
      List<String> missing = new ArrayList<>();
      if (shadowPrompts == null) {
        missing.add("shadowPrompts(...)");
      }
      if (scorer == null) {
        missing.add("scorer(...)");
      }
      if (sampling == null) {
        missing.add("sampling(...)");
      }
      if (!missing.isEmpty()) {
        throw new ConfigurationException("EvaluationGate needs " + String.join(", ", missing));
      }
      if (shadowPrompts.isEmpty()) {
        throw new DataInputException("EvaluationGate needs at least one held-out shadow prompt, got none");
      }
      if (!Double.isFinite(margin)) {
        throw new ConfigurationException("margin must be finite, got " + margin);
      }
      if (!(maxApplicableShareDrop >= 0 && maxApplicableShareDrop <= 1)) {
        throw new ConfigurationException("maxApplicableShareDrop must be in [0, 1] (a fraction of completions),"
            + " got " + maxApplicableShareDrop);
      }
      if (!(maxCanaryRegressionPoints >= 0 && maxCanaryRegressionPoints <= 100)) {
        throw new ConfigurationException("maxCanaryRegressionPoints must be in [0, 100] (percentage points), got "
            + maxCanaryRegressionPoints);
      }
      if (maxCanaryRegressionPointsSet && canary == null) {
        throw new ConfigurationException("maxCanaryRegressionPoints " + maxCanaryRegressionPoints + " is set but"
            + " there is no canary(...) to measure it on");
      }
      if (promptsPerCall <= 0) {
        throw new ConfigurationException("promptsPerCall must be > 0, got " + promptsPerCall);
      }
      return new EvaluationGate(copy());
    }
  }
}
