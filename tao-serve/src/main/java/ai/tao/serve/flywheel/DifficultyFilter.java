package ai.tao.serve.flywheel;

import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.GenerationException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops prompts the policy already answers unanimously: it samples {@code candidatesPerPrompt}
 * candidates per prompt, reads each candidate's answer, and drops the prompt when every candidate
 * has an answer and all answers are the same. Such a group teaches GRPO nothing (every candidate
 * gets the same advantage, zero) and only costs a round its time.
 *
 * <pre>{@code
 * DifficultyFilter hard = DifficultyFilter.builder()
 *     .policy(policy)
 *     .sampling(SamplingParams.builder().candidatesPerPrompt(4).temperature(1.0).maxNewTokens(128).build())
 *     .answers(text -> Optional.of(text.strip()).filter(a -> !a.isEmpty()))
 *     .build();
 * DifficultyResult r = hard.filter(prompts);
 * }</pre>
 *
 * <p>A prompt for which some candidate has no answer is kept: the policy has not shown that it
 * solves it. The policy samples the prompts exactly as given: no generator's prompt template is
 * applied, so give it prompts as the run's policy sees them, or a policy that applies the template.
 * An {@code ai.tao.rewards.AnswerExtractor} fits {@link Builder#answers} as {@code
 * extractor::extract}. Not thread-safe (it calls the policy, which need not be).
 *
 * @since 0.5
 */
public final class DifficultyFilter {
  private static final Logger LOG = LoggerFactory.getLogger(DifficultyFilter.class);

  private final Policy policy;
  private final SamplingParams sampling;
  private final Function<String, Optional<String>> answers;
  private final int batchSize;

  private DifficultyFilter(Builder b) {
    this.policy = b.policy;
    this.sampling = b.sampling;
    this.answers = b.answers;
    this.batchSize = b.batchSize;
    LOG.info("difficulty filter: {} candidates per prompt from {}, batches of {}, sampling {}",
        sampling.candidatesPerPrompt(), policy.name(), batchSize, sampling);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The default answer: the whole completion, stripped; a blank completion has none. */
  public static Optional<String> strippedText(String completion) {
    String s = completion.strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /**
   * Keeps the prompts whose candidates disagree or do not all answer.
   *
   * @throws GenerationException if the policy fails, or returns other than one rollout of {@code
   *     candidatesPerPrompt} completions per prompt
   */
  public DifficultyResult filter(List<Prompt> prompts) {
    Objects.requireNonNull(prompts, "prompts");
    List<Prompt> kept = new ArrayList<>();
    List<Prompt> dropped = new ArrayList<>();
    for (int from = 0; from < prompts.size(); from += batchSize) {
      List<Prompt> batch = prompts.subList(from, Math.min(prompts.size(), from + batchSize));
      List<Rollout> rollouts = policy.sample(batch, sampling);
      if (rollouts.size() != batch.size()) {
        throw new GenerationException("policy " + policy.name() + " returned " + rollouts.size() + " rollouts for "
            + batch.size() + " prompts; a policy answers every prompt it is given, in order");
      }
      for (int i = 0; i < batch.size(); i++) {
        Optional<String> answer = unanimous(batch.get(i), rollouts.get(i));
        if (answer.isPresent()) {
          dropped.add(batch.get(i));
          LOG.debug("prompt {} dropped: all {} candidates answer '{}'", batch.get(i).id(),
              sampling.candidatesPerPrompt(), answer.get());
        } else {
          kept.add(batch.get(i));
        }
      }
    }
    LOG.info("difficulty filter: {} of {} prompts answered unanimously by {} and dropped", dropped.size(),
        prompts.size(), policy.name());
    return new DifficultyResult(kept, dropped);
  }

  /** The answer every candidate gives, or empty when they differ or one has none. */
  private Optional<String> unanimous(Prompt prompt, Rollout rollout) {
    if (rollout.size() != sampling.candidatesPerPrompt()) {
      throw new GenerationException("policy " + policy.name() + " returned " + rollout.size()
          + " candidates for prompt " + prompt.id() + ", not the " + sampling.candidatesPerPrompt() + " asked for");
    }
    Set<String> distinct = new HashSet<>();
    for (Completion c : rollout.completions()) {
      Optional<String> a = Objects.requireNonNull(answers.apply(c.text()), "answer extractor returned null");
      if (a.isEmpty()) {
        return Optional.empty();
      }
      distinct.add(a.get());
    }
    return distinct.size() == 1 ? Optional.of(distinct.iterator().next()) : Optional.empty();
  }

  /**
   * Settings of a {@link DifficultyFilter}; {@link #build()} validates them.
   *
   * @since 0.5
   */
  public static final class Builder {
    /** The policy whose agreement is measured. Required; usually the policy the round will tune. */
    private Policy policy;

    /**
     * How candidates are sampled. Required: its {@code candidatesPerPrompt} (at least 2) is the group
     * that must agree, and its temperature must be above 0 for candidates to differ at all.
     */
    private SamplingParams sampling;

    /**
     * Reads a candidate's answer; empty when it has none. Default {@link #strippedText}: the whole
     * completion, which suits short answers; give a task's extractor (the SQL statement, the last
     * number) for anything longer, or candidates that word one answer differently never agree.
     */
    private Function<String, Optional<String>> answers = DifficultyFilter::strippedText;

    /** Prompts per policy call. Default 16: small enough for a small accelerator's memory. */
    private int batchSize = 16;

    private Builder() {}

    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder sampling(SamplingParams sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling");
      return this;
    }

    public Builder answers(Function<String, Optional<String>> answers) {
      this.answers = Objects.requireNonNull(answers, "answers");
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * @throws ConfigurationException if the policy or sampling is missing, fewer than 2 candidates
     *     are sampled, or the batch size is not positive
     */
    public DifficultyFilter build() {
      if (policy == null) {
        throw new ConfigurationException("difficulty filter needs a policy(...) to sample");
      }
      if (sampling == null) {
        throw new ConfigurationException("difficulty filter needs sampling(...), with candidatesPerPrompt >= 2");
      }
      if (sampling.candidatesPerPrompt() < 2) {
        throw new ConfigurationException("difficulty filter sampling has candidatesPerPrompt "
            + sampling.candidatesPerPrompt() + ": one candidate always agrees with itself; sample at least 2");
      }
      if (batchSize <= 0) {
        throw new ConfigurationException("difficulty filter batchSize must be > 0, got " + batchSize);
      }
      return new DifficultyFilter(this);
    }
  }
}
