package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.tao.api.TrainablePolicy.WeightsSnapshot;
import ai.tao.core.model.LoraAdapters;
import ai.tao.core.model.LoraConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.train.GrpoTrainer;
import ai.tao.core.train.Trainers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A LoRA policy through {@link Tao#tune}: only the adapters learn, KL against the base, saved merged and as PEFT. */
class LoraTuneTest {
  static Map<String, float[]> host(LoraAdapters a) {
    Map<String, float[]> m = new LinkedHashMap<>();
    a.tensors().forEach((k, v) -> m.put(k, v.toFloatArray()));
    return m;
  }

  static boolean same(Map<String, float[]> a, Map<String, float[]> b) {
    return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> java.util.Arrays.equals(a.get(k), b.get(k)));
  }

  @Test
  void aLoraPolicyLearnsThroughTuneWithItsBaseFrozenAndSavesMergedAndPeft(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    try (DecoderPolicy policy = TaoTuneTest.policy(1).withLora(LoraConfig.builder().rank(4).alpha(16).build(), 3);
        GrpoTrainer trainer = Trainers.grpo().learningRate(3e-2).klCoefficient(0.05).trainer(policy)) {
      String base = policy.model().weights().fingerprint();
      LoraAdapters lora = policy.model().adapters().orElseThrow();
      Map<String, float[]> start = host(lora);
      TuneResult r = Tao.tune(TaoTuneTest.request(policy, trainer, TaoTuneTest.LETTER_A, out).stepsPerRound(25)
          .build());
      assertThat(r.end()).isEqualTo(TuneResult.End.COMPLETED);
      double first = TaoTuneTest.meanReward(r.steps().subList(0, 3));
      double last = TaoTuneTest.meanReward(r.steps().subList(22, 25));
      assertThat(last).as("reward %s → %s", first, last).isGreaterThan(first + 0.1);
      assertThat(r.steps()).anyMatch(m -> m.train().kl().orElse(0) > 0);
      assertThat(policy.model().weights().fingerprint()).as("the base stays frozen").isEqualTo(base);
      assertThat(same(host(lora), start)).isFalse();
      Path ckpt = r.checkpoints().get(0);
      assertThat(ckpt.resolve("model.safetensors")).exists();
      assertThat(ckpt.resolve(DecoderPolicy.ADAPTER_DIR).resolve(LoraAdapters.CONFIG_FILE)).exists();
      // The saved folder is a plain model that samples as the adapted policy does.
      try (DecoderPolicy merged = DecoderPolicy.of("merged", ai.tao.core.model.CausalLm.load(ckpt,
          TaoRuntime.newManager()), new LetterTokenizer(), 64)) {
        var greedy = ai.tao.api.SamplingParams.builder().temperature(0).maxNewTokens(6).build();
        var prompts = java.util.List.of(ai.tao.api.Prompt.ofText("x", "bc"), ai.tao.api.Prompt.ofText("y", "e"));
        assertThat(merged.sample(prompts, greedy).get(0).completion(0).tokenIds())
            .containsExactly(policy.sample(prompts, greedy).get(0).completion(0).tokenIds());
        assertThat(merged.sample(prompts, greedy).get(1).completion(0).tokenIds())
            .containsExactly(policy.sample(prompts, greedy).get(1).completion(0).tokenIds());
      }
    }
  }

  @Test
  void snapshotsAndResumeStateHoldOnlyTheAdapters(@TempDir Path tmp) {
    try (DecoderPolicy policy = TaoTuneTest.policy(2).withLora(LoraConfig.builder().rank(2).build(), 4)) {
      LoraAdapters lora = policy.model().adapters().orElseThrow();
      NDArray b = lora.tensors().get("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight");
      Map<String, float[]> before = host(lora);
      try (WeightsSnapshot s = policy.snapshot()) {
        b.addi(1f);
        lora.markUpdated();
        assertThat(same(host(lora), before)).isFalse();
        policy.restore(s);
      }
      assertThat(same(host(lora), before)).isTrue();
      b.addi(0.5f);
      lora.markUpdated();
      Map<String, float[]> trained = host(lora);
      policy.saveState(tmp);
      assertThat(tmp.resolve(DecoderPolicy.ADAPTER_DIR).resolve(LoraAdapters.WEIGHTS_FILE)).exists();
      assertThat(tmp.resolve("model.safetensors")).doesNotExist();
      b.addi(2f);
      lora.markUpdated();
      policy.restoreState(tmp);
      assertThat(same(host(lora), trained)).isTrue();
    }
  }
}
