package ai.tao.core.generate;

import ai.tao.api.Generator;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stage 1 of TAO: a group of candidates per prompt, sampled from the policy being tuned at a
 * temperature (test-time compute), optionally after a prompt template. Build with
 * {@link Generators#sampling()}.
 *
 * <p>Each rollout records the token ids of the templated prompt (what the policy was fed) and
 * carries the original prompt (what scorers judge against).
 *
 * @param params sampling settings; {@code candidatesPerPrompt} is the group size; the seed is the
 *     one each {@link #generate} call is given
 * @param template applied to each prompt before sampling
 * @since 0.1
 */
public record SamplingGenerator(SamplingParams params, PromptTemplate template) implements Generator {
  public SamplingGenerator {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(template, "template");
  }

  @Override
  public List<Rollout> generate(Policy policy, List<Prompt> prompts, long seed) {
    List<Prompt> rendered = prompts.stream().map(template).toList();
    List<Rollout> sampled = policy.sample(rendered, params.toBuilder().seed(seed).build());
    List<Rollout> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      out.add(sampled.get(i).withPrompt(prompts.get(i)));
    }
    return out;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("candidatesPerPrompt", params.candidatesPerPrompt());
    m.put("temperature", params.temperature());
    m.put("topK", params.topK());
    m.put("topP", params.topP());
    m.put("maxNewTokens", params.maxNewTokens());
    m.put("stopStrings", params.stopStrings());
    m.put("template", template.describe());
    return m;
  }

  /** Builder over {@link SamplingParams.Builder} plus the template; every default is on its method. */
  public static final class Builder {
    private final SamplingParams.Builder params = SamplingParams.builder().candidatesPerPrompt(8);
    private PromptTemplate template = PromptTemplate.identity();

    Builder() {}

    /** Group size; default 8 (GRPO needs several candidates to compare). */
    public Builder candidatesPerPrompt(int n) { params.candidatesPerPrompt(n); return this; }
    /** Default 1.0, the model's own distribution; see {@link SamplingParams.Builder}. */
    public Builder temperature(double t) { params.temperature(t); return this; }
    /** Default 0 (off). */
    public Builder topK(int k) { params.topK(k); return this; }
    /** Default 1.0 (off). */
    public Builder topP(double p) { params.topP(p); return this; }
    /** Default 64; watch the truncated fraction in the step metrics. */
    public Builder maxNewTokens(int n) { params.maxNewTokens(n); return this; }
    /** Default none. */
    public Builder stopStrings(List<String> s) { params.stopStrings(s); return this; }
    /** Default {@link PromptTemplate#identity()}. */
    public Builder template(PromptTemplate t) { template = Objects.requireNonNull(t, "template"); return this; }

    public SamplingGenerator build() {
      return new SamplingGenerator(params.build(), template);
    }
  }
}
