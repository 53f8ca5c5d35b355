package ai.tao.serve.flywheel;

import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A policy without a model: each prompt (by its text, or its last message) has a fixed list of
 * candidate answers, cycled to fill the candidates asked for; unknown prompts answer "?" and a
 * different number each time.
 */
class FakePolicy implements Policy {
  private final Map<String, List<String>> answers;
  final AtomicInteger sampled = new AtomicInteger();

  FakePolicy(Map<String, List<String>> answers) {
    this.answers = Map.copyOf(answers);
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
    List<Rollout> out = new ArrayList<>();
    for (Prompt p : prompts) {
      String key = p.isChat() ? p.messages().get(p.messages().size() - 1).content() : p.text();
      List<Completion> cs = new ArrayList<>();
      for (int i = 0; i < params.candidatesPerPrompt(); i++) {
        List<String> given = answers.get(key);
        String text = given == null ? "? " + sampled.incrementAndGet() : given.get(i % given.size());
        cs.add(new Completion(text, new int[] {1}, new float[] {-0.5f}, FinishReason.EOS));
      }
      out.add(new Rollout(p, new int[] {1, 2}, params, cs));
    }
    return out;
  }

  @Override
  public void save(Path dir) {
    throw new UnsupportedOperationException("a fake policy has no weights");
  }

  @Override
  public void close() {}
}
