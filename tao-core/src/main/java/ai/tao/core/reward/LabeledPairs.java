package ai.tao.core.reward;

import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.Grader;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.core.sampling.Sampler;
import ai.tao.core.train.LabeledExample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Preference pairs from labels a team already has: for each labeled prompt, the labeled response is
 * chosen, and the policy's own samples that the grader judges wrong are rejected. So a reward model
 * learns what the policy gets wrong on the labeled distribution, from the policy's own mistakes
 * (not from made-up negatives a policy never writes).
 *
 * <p>Use it on labeled data only (documentation examples, an annotated sample), never on the
 * prompts TAO will be tuned or evaluated on: the grader reads their gold answers.
 *
 * @since 0.3
 */
public final class LabeledPairs {
  private LabeledPairs() {}

  /**
   * The label as a sampled completion's text would read: cut before the first stop string, as the
   * sampler cuts completions. Otherwise every chosen response would end with the newline that no
   * sampled one has, and a reward model could learn that instead of the answer.
   */
  static String asSampled(String label, List<String> stopStrings) {
    return Sampler.beforeFirstStop(label, stopStrings);
  }

  /**
   * Samples {@code sampling.candidatesPerPrompt()} candidates per labeled prompt and pairs the label
   * with up to {@code maxRejectedPerPrompt} distinct wrong ones (in sampling order). The label is
   * cut at the sampling's first stop string, as sampled texts are. A prompt whose samples are all
   * right gives no pair.
   *
   * @param labeled text prompts with their reference responses
   * @param grader judges a sample against the reference
   * @param batch prompts sampled at once
   * @throws DataInputException if a prompt is a chat prompt (pairs hold prompt text)
   */
  public static List<PreferencePair> mine(Policy policy, List<LabeledExample> labeled, Grader grader,
      SamplingParams sampling, int maxRejectedPerPrompt, int batch) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(grader, "grader");
    Objects.requireNonNull(sampling, "sampling");
    if (maxRejectedPerPrompt <= 0 || batch <= 0) {
      throw new ConfigurationException("maxRejectedPerPrompt and batch must be > 0, got " + maxRejectedPerPrompt
          + " and " + batch);
    }
    List<PreferencePair> out = new ArrayList<>();
    for (int from = 0; from < labeled.size(); from += batch) {
      List<LabeledExample> chunk = labeled.subList(from, Math.min(labeled.size(), from + batch));
      List<Prompt> prompts = new ArrayList<>(chunk.size());
      for (LabeledExample ex : chunk) {
        if (ex.prompt().isChat()) {
          throw new DataInputException("labeled prompt '" + ex.prompt().id() + "' is a chat prompt; preference"
              + " pairs hold prompt text");
        }
        prompts.add(ex.prompt());
      }
      List<Rollout> rollouts = policy.sample(prompts,
          sampling.toBuilder().seed(sampling.seed() * 1_000_003L + from).build());
      for (int i = 0; i < chunk.size(); i++) {
        LabeledExample ex = chunk.get(i);
        String chosen = asSampled(ex.response(), sampling.stopStrings());
        Set<String> wrong = new LinkedHashSet<>();
        for (Completion c : rollouts.get(i).completions()) {
          if (wrong.size() < maxRejectedPerPrompt && !c.text().equals(chosen)
              && !grader.correct(ex.prompt(), c.text(), ex.response())) {
            wrong.add(c.text());
          }
        }
        for (String w : wrong) {
          out.add(PreferencePair.of(ex.prompt().text(), chosen, w));
        }
      }
    }
    return out;
  }
}
