package ai.tao.core.generate;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.Generator;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stage 1 of TAO: a group of candidates per prompt, sampled from the policy being tuned at a
 * temperature (test-time compute), optionally after a prompt template. Build with
 * {@link Generators#sampling()}.
 *
 * @param params sampling settings; {@code candidatesPerPrompt} is the group size
 * @param template applied to each prompt before sampling; the group keeps the original prompt
 * @since 0.1
 */
public record SamplingGenerator(SamplingParams params, PromptTemplate template) implements Generator {
  public SamplingGenerator {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(template, "template");
  }

  @Override
  public List<CandidateGroup> generate(Policy policy, List<Prompt> prompts, long seed) {
    List<Prompt> rendered = prompts.stream().map(template).toList();
    List<List<Completion>> out = policy.sample(rendered, params.toBuilder().seed(seed).build());
    List<CandidateGroup> groups = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      groups.add(new CandidateGroup(prompts.get(i), out.get(i)));
    }
    return groups;
  }

  /** Builder over {@link SamplingParams.Builder} plus the template. */
  public static final class Builder {
    private final SamplingParams.Builder params = SamplingParams.builder().candidatesPerPrompt(8);
    /** Identity: prompts are sampled as given. */
    private PromptTemplate template = PromptTemplate.identity();

    Builder() {}

    /** Group size; default 8 (GRPO needs several to compare). */
    public Builder candidatesPerPrompt(int n) { params.candidatesPerPrompt(n); return this; }
    public Builder temperature(double t) { params.temperature(t); return this; }
    public Builder topK(int k) { params.topK(k); return this; }
    public Builder topP(double p) { params.topP(p); return this; }
    public Builder maxNewTokens(int n) { params.maxNewTokens(n); return this; }
    public Builder stopStrings(List<String> s) { params.stopStrings(s); return this; }
    public Builder template(PromptTemplate t) { template = t; return this; }

    public SamplingGenerator build() {
      return new SamplingGenerator(params.build(), template);
    }
  }
}
