package ai.tao.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.tao.api.ConfigurationException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.LoraAdapters;
import ai.tao.core.model.LoraConfig;
import ai.tao.core.model.ModelConfig;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {
  // d 32, 4 heads of 8, 2 kv heads, I 48, 2 layers, V 40, tied: projections per layer
  // q 32*32 + k 16*32 + v 16*32 + o 32*32 + 3 * 32*48 = 7680; embeddings 1280; norms 2*64 + 32.
  static final ModelConfig C = ModelConfig.builder().hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4)
      .numKvHeads(2).vocabSize(40).maxPositions(64).tieWordEmbeddings(true).build();

  @Test
  void theEstimateCountsWeightsFusedCopiesAndWhatTrainingAdds() {
    try (NDManager root = TaoRuntime.newManager(); CausalLm model = CausalLm.random(C, root, 1)) {
      long params = 2 * 7680 + 1280 + 2 * 64 + 32;
      assertThat(model.weights().parameterCount()).isEqualTo(params);
      TrainingMemory full = TrainingMemory.of(model);
      assertThat(full.fixedBytes()).isEqualTo(4 * params + 4 * 2 * 7680);
      assertThat(full.trainingBytes()).isEqualTo(16 * params + 4 * 2 * 7680);
      try (LoraAdapters lora = LoraAdapters.init(C, LoraConfig.builder().rank(2).build(), root, 1)) {
        model.attachAdapters(lora);
        TrainingMemory adapters = TrainingMemory.of(model);
        assertThat(adapters.fixedBytes()).isEqualTo(full.fixedBytes() + 4 * 2 * 7680); // + the merged copy
        model.mergeAdaptersForInference(false);
        assertThat(TrainingMemory.of(model).fixedBytes()).isEqualTo(full.fixedBytes());
        assertThat(adapters.trainingBytes()).isEqualTo(16 * lora.parameterCount());
        model.detachAdapters();
      }
    }
  }

  @Test
  void trainingThatCannotFitIsRefusedUpFrontWithTheEstimate() {
    try (NDManager root = TaoRuntime.newManager(); CausalLm model = CausalLm.random(C, root, 1)) {
      long need = TrainingMemory.of(model).totalBytes();
      TrainingMemory.check(model, "GRPO", need); // exactly enough
      assertThatThrownBy(() -> TrainingMemory.check(model, "GRPO", need - 1))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("full fine-tuning (GRPO)").hasMessageContaining("withLora");
      assertThat(TrainingMemory.availableBytes()).isGreaterThan(1L << 30);
    }
  }
}
