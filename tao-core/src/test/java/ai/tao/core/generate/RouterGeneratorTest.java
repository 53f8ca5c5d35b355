package ai.tao.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.DataInputException;
import ai.tao.api.FinishReason;
import ai.tao.api.Generator;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterGeneratorTest {

  /** A generator that answers each prompt with its own tag and records the batches it was given. */
  private static Generator tagging(String tag, List<List<String>> calls, List<Long> seeds) {
    return (policy, prompts, seed) -> {
      calls.add(prompts.stream().map(Prompt::id).toList());
      seeds.add(seed);
      List<Rollout> out = new ArrayList<>();
      for (Prompt p : prompts) {
        out.add(new Rollout(p, new int[] {1}, SamplingParams.builder().build(),
            List.of(new Completion(tag + ":" + p.id(), new int[] {2}, new float[] {0f}, FinishReason.EOS))));
      }
      return out;
    };
  }

  private static Prompt prompt(String id, String task) {
    Prompt p = Prompt.ofText(id, "text " + id);
    return new Prompt(p.id(), p.text(), p.messages(), task == null ? Map.of() : Map.of("task", task));
  }

  @Test
  void eachTaskGoesToItsGeneratorAndTheRolloutsComeBackInPromptOrder() {
    List<List<String>> aCalls = new ArrayList<>();
    List<List<String>> bCalls = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    RouterGenerator router = Generators.router().key("task").route("a", tagging("A", aCalls, seeds))
        .route("b", tagging("B", bCalls, seeds)).build();
    List<Prompt> prompts = List.of(prompt("1", "b"), prompt("2", "a"), prompt("3", "b"), prompt("4", "a"));
    List<Rollout> got = router.generate(null, prompts, 42);
    assertThat(got).extracting(r -> r.completions().get(0).text()).containsExactly("B:1", "A:2", "B:3", "A:4");
    assertThat(got).extracting(Rollout::prompt).containsExactlyElementsOf(prompts);
    assertThat(aCalls).containsExactly(List.of("2", "4"));
    assertThat(bCalls).containsExactly(List.of("1", "3"));
    assertThat(seeds).containsOnly(42L);
  }

  @Test
  void anUntaggedOrUnroutedPromptIsRefusedByName() {
    RouterGenerator router = Generators.router().key("task").route("a", tagging("A", new ArrayList<>(),
        new ArrayList<>())).build();
    assertThatThrownBy(() -> router.generate(null, List.of(prompt("p7", "c")), 1))
        .isInstanceOf(DataInputException.class).hasMessageContaining("'p7'").hasMessageContaining("task='c'")
        .hasMessageContaining("[a]");
    assertThatThrownBy(() -> router.generate(null, List.of(prompt("p8", null)), 1))
        .isInstanceOf(DataInputException.class).hasMessageContaining("no metadata key 'task'");
  }

  @Test
  void theBuilderRefusesNoKeyNoRoutesAndATaskRoutedTwice() {
    Generator g = tagging("A", new ArrayList<>(), new ArrayList<>());
    assertThatThrownBy(() -> Generators.router().route("a", g).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no metadata key");
    assertThatThrownBy(() -> Generators.router().key("task").build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no routes");
    assertThatThrownBy(() -> Generators.router().key("task").route("a", g).route("a", g))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'a' is routed twice");
  }
}
