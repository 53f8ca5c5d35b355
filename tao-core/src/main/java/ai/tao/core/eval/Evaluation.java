package ai.tao.core.eval;

import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Grader;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.core.train.LabeledExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures a policy on labeled examples with a {@link Grader}: pass@1 (greedy), pass@k (unbiased,
 * from n samples) and majority@N (self-consistency), each with a 95% confidence interval over the
 * examples. For evaluation only: the references never reach a scorer or a trainer.
 *
 * <pre>{@code
 * Evaluation eval = Evaluation.builder().examples(heldOut).grader(Graders.exactMatch())
 *     .maxNewTokens(32).stopStrings(List.of("\n")).build();
 * EvalResult greedy = eval.passAt1(policy);
 * EvalResult vote = eval.majorityAtN(policy, 16, 1.0, 7);
 * }</pre>
 *
 * @since 0.2
 */
public final class Evaluation {
  private final List<LabeledExample> examples;
  private final Grader grader;
  private final int maxNewTokens;
  private final List<String> stopStrings;
  private final int promptsPerCall;

  private Evaluation(Builder b) {
    this.examples = List.copyOf(b.examples);
    this.grader = b.grader;
    this.maxNewTokens = b.maxNewTokens;
    this.stopStrings = List.copyOf(b.stopStrings);
    this.promptsPerCall = b.promptsPerCall;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<LabeledExample> examples() {
    return examples;
  }

  public Grader grader() {
    return grader;
  }

  /** Greedy decoding, one answer per example: the share answered correctly (Wilson interval). */
  public EvalResult passAt1(Policy policy) {
    SamplingParams greedy = SamplingParams.builder().temperature(0).maxNewTokens(maxNewTokens)
        .stopStrings(stopStrings).build();
    List<Double> per = new ArrayList<>(examples.size());
    for (List<Completion> group : sample(policy, greedy)) {
      int i = per.size();
      per.add(correct(i, group.get(0)) ? 1.0 : 0.0);
    }
    return proportion("pass@1", per);
  }

  /**
   * pass@k estimated without bias from {@code n} samples per example (Chen et al. 2021):
   * 1 − C(n−c, k)/C(n, k) with c the correct samples (t interval over examples).
   *
   * @param sampling how to sample; its {@code candidatesPerPrompt} is n, at least k
   */
  public EvalResult passAtK(Policy policy, SamplingParams sampling, int k) {
    int n = sampling.candidatesPerPrompt();
    if (k < 1 || k > n) {
      throw new ConfigurationException("pass@k needs 1 <= k <= n (candidatesPerPrompt " + n + "), got k " + k);
    }
    List<Double> per = new ArrayList<>(examples.size());
    for (List<Completion> group : sample(policy, withBudget(sampling))) {
      int i = per.size();
      int c = 0;
      for (Completion comp : group) {
        if (correct(i, comp)) {
          c++;
        }
      }
      per.add(passAtK(n, c, k));
    }
    double mean = per.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    ConfidenceInterval ci = ConfidenceInterval.ofMean(per);
    return new EvalResult("pass@" + k + " (n=" + n + ")", mean, per.size(),
        new ConfidenceInterval(Math.max(0, ci.low()), Math.min(1, ci.high()), 0.95, "t"), per);
  }

  /**
   * Majority vote over {@code sampling.candidatesPerPrompt()} samples per example: the most common
   * answer ({@link Grader#answerKey}, ties to the answer seen first) is graded; an example whose
   * samples give no answer counts as wrong (Wilson interval).
   */
  public EvalResult majorityAtN(Policy policy, SamplingParams sampling) {
    List<Double> per = new ArrayList<>(examples.size());
    for (List<Completion> group : sample(policy, withBudget(sampling))) {
      int i = per.size();
      per.add(majority(i, group).map(c -> correct(i, c)).orElse(false) ? 1.0 : 0.0);
    }
    return proportion("majority@" + sampling.candidatesPerPrompt(), per);
  }

  /** {@link #majorityAtN(Policy, SamplingParams)} at a temperature with a seed, no top-k/top-p. */
  public EvalResult majorityAtN(Policy policy, int n, double temperature, long seed) {
    return majorityAtN(policy, SamplingParams.builder().candidatesPerPrompt(n).temperature(temperature).seed(seed)
        .build());
  }

  /** The completion whose answer the most completions share; empty when none gives an answer. */
  private Optional<Completion> majority(int example, List<Completion> group) {
    Prompt p = examples.get(example).prompt();
    Map<String, Integer> votes = new HashMap<>();
    Map<String, Completion> first = new LinkedHashMap<>();
    for (Completion c : group) {
      Optional<String> key = grader.answerKey(p, c.text());
      if (key.isPresent()) {
        votes.merge(key.get(), 1, Integer::sum);
        first.putIfAbsent(key.get(), c);
      }
    }
    Completion best = null;
    int bestVotes = 0;
    for (Map.Entry<String, Completion> e : first.entrySet()) { // first-seen order breaks ties
      int v = votes.get(e.getKey());
      if (v > bestVotes) {
        best = e.getValue();
        bestVotes = v;
      }
    }
    return Optional.ofNullable(best);
  }

  static double passAtK(int n, int c, int k) {
    if (n - c < k) {
      return 1.0;
    }
    double fail = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      fail *= 1.0 - k / (double) i;
    }
    return 1.0 - fail;
  }

  private boolean correct(int example, Completion c) {
    LabeledExample ex = examples.get(example);
    return grader.correct(ex.prompt(), c.text(), ex.response());
  }

  private SamplingParams withBudget(SamplingParams p) {
    return p.toBuilder().maxNewTokens(maxNewTokens).stopStrings(stopStrings).build();
  }

  private static EvalResult proportion(String metric, List<Double> per) {
    long correct = per.stream().filter(v -> v == 1.0).count();
    return new EvalResult(metric, correct / (double) per.size(), per.size(),
        ConfidenceInterval.wilson(correct, per.size()), per);
  }

  /** The policy's completions for every example, {@code promptsPerCall} prompts per sampling call. */
  private List<List<Completion>> sample(Policy policy, SamplingParams params) {
    Objects.requireNonNull(policy, "policy");
    List<List<Completion>> out = new ArrayList<>(examples.size());
    for (int from = 0, call = 0; from < examples.size(); from += promptsPerCall, call++) {
      List<Prompt> prompts = new ArrayList<>();
      for (LabeledExample ex : examples.subList(from, Math.min(examples.size(), from + promptsPerCall))) {
        prompts.add(ex.prompt());
      }
      // Each call its own seed, so calls are not copies of each other.
      for (Rollout r : policy.sample(prompts, params.toBuilder().seed(params.seed() + 1_000_003L * call).build())) {
        out.add(r.completions());
      }
    }
    return out;
  }

  /** Fluent builder; {@link #examples} and {@link #grader} are required. */
  public static final class Builder {
    private List<LabeledExample> examples;
    private Grader grader;
    /** 64 tokens per answer. */
    private int maxNewTokens = 64;
    /** None. */
    private List<String> stopStrings = List.of();
    /** 256 prompts per sampling call (the policy batches rows within a call). */
    private int promptsPerCall = 256;

    private Builder() {}

    public Builder examples(List<LabeledExample> v) { examples = List.copyOf(v); return this; }
    public Builder grader(Grader v) { grader = Objects.requireNonNull(v, "grader"); return this; }
    public Builder maxNewTokens(int v) { maxNewTokens = v; return this; }
    public Builder stopStrings(List<String> v) { stopStrings = List.copyOf(v); return this; }
    public Builder promptsPerCall(int v) { promptsPerCall = v; return this; }

    /**
     * @throws ConfigurationException if examples or grader is missing or a limit is not positive
     * @throws DataInputException if there are no examples
     */
    public Evaluation build() {
      if (examples == null || grader == null) {
        throw new ConfigurationException("Evaluation needs " + (examples == null ? "examples(...)" : "")
            + (examples == null && grader == null ? " and " : "") + (grader == null ? "a grader(...)" : ""));
      }
      if (examples.isEmpty()) {
        throw new DataInputException("Evaluation needs at least one labeled example, got none");
      }
      if (maxNewTokens <= 0 || promptsPerCall <= 0) {
        throw new ConfigurationException("Evaluation needs maxNewTokens > 0 and promptsPerCall > 0, got "
            + maxNewTokens + " and " + promptsPerCall);
      }
      return new Evaluation(this);
    }
  }
}
