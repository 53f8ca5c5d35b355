package ai.tao.serve.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.serve.TinyPolicies;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real decoder through the registry: saved as a Hugging Face folder, loaded back, the same model. */
class RegistryDecoderPolicyTest {
  @Test
  void aRegisteredDecoderPolicyLoadsBackFromItsVersionFolderAndSamplesTheSame(@TempDir Path dir) {
    List<Prompt> prompts = List.of(Prompt.ofText("p1", "SELECT"), Prompt.ofText("p2", "hello"));
    SamplingParams greedy = SamplingParams.builder().temperature(0).maxNewTokens(6).build();
    ModelRegistry registry = ModelRegistry.open(dir);
    List<Rollout> before;
    ModelVersion v;
    try (DecoderPolicy tiny = TinyPolicies.tiny(11)) {
      before = tiny.sample(prompts, greedy);
      v = registry.register(tiny, Registration.builder().datasetVersion("unit-test").build());
    }
    registry.promote(v.id());

    assertThat(v.folder().resolve("config.json")).isRegularFile();
    assertThat(v.folder().resolve("model.safetensors")).isRegularFile();
    assertThat(v.folder().resolve("manifest.json")).isRegularFile();
    ModelVersion current = ModelRegistry.open(dir).current().orElseThrow();
    try (DecoderPolicy loaded = registry.load(current, DecoderPolicy::load)) {
      assertThat(loaded.name()).isEqualTo(v.id());
      List<Rollout> after = loaded.sample(prompts, greedy);
      for (int i = 0; i < prompts.size(); i++) {
        assertThat(after.get(i).completion(0).tokenIds()).isEqualTo(before.get(i).completion(0).tokenIds());
      }
    }
  }
}
