package ai.tao.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.FinishReason;
import ai.tao.api.SamplingParams;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SamplerTest {
  static NDManager root;
  static CausalLm model;
  /** Token i decodes to the letter 'a' + i % 26, so stop strings can be tested. */
  static final Function<int[], String> LETTERS = ids -> {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      sb.append((char) ('a' + id % 26));
    }
    return sb.toString();
  };

  @BeforeAll
  static void start() {
    root = TaoRuntime.newManager();
    ModelConfig c = ModelConfig.builder().hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4)
        .numKvHeads(2).vocabSize(30).maxPositions(64).build();
    model = new CausalLm(ModelWeights.randomInit(c, root, 3, 0.5));
  }

  @AfterAll
  static void stop() {
    model.close();
    root.close();
  }

  static int[] greedyByRecompute(int[] prompt, int n) {
    List<Integer> seq = new ArrayList<>();
    for (int p : prompt) {
      seq.add(p);
    }
    int[] out = new int[n];
    int v = model.config().vocabSize();
    for (int s = 0; s < n; s++) {
      long[][] ids = {seq.stream().mapToLong(Integer::longValue).toArray()};
      int[][] mask = {new int[ids[0].length]};
      Arrays.fill(mask[0], 1);
      try (NDManager m = root.newSubManager()) {
        float[] logits = model.forward(ids, mask, m, false).toFloatArray();
        int best = 0;
        int base = (ids[0].length - 1) * v;
        for (int k = 1; k < v; k++) {
          if (logits[base + k] > logits[base + best]) {
            best = k;
          }
        }
        out[s] = best;
        seq.add(best);
      }
    }
    return out;
  }

  @Test
  void greedyRaggedBatchMatchesRecomputeRowByRow() {
    List<int[]> prompts = List.of(new int[] {1, 5, 7, 9, 11}, new int[] {1, 4}, new int[] {1, 20, 3});
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    SamplingParams greedy = SamplingParams.builder().temperature(0).maxNewTokens(6).build();
    List<Completion> out = sampler.sample(prompts, greedy);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(out.get(i).tokenIds()).as("row %d", i).containsExactly(greedyByRecompute(prompts.get(i), 6));
      assertThat(out.get(i).finishReason()).isEqualTo(FinishReason.LENGTH);
      for (float lp : out.get(i).logProbs()) {
        assertThat(lp).isLessThanOrEqualTo(0f);
      }
    }
  }

  @Test
  void sameSeedSameSamplesOtherSeedOtherSamples() {
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {1, 2, 3}, new int[] {1});
    SamplingParams p = SamplingParams.builder().temperature(1.0).maxNewTokens(12).seed(42).build();
    List<Completion> a = sampler.sample(prompts, p);
    List<Completion> b = sampler.sample(prompts, p);
    List<Completion> c = sampler.sample(prompts, p.toBuilder().seed(43).build());
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    // Rows with the same prompt are independent draws.
    assertThat(a.get(0).tokenIds()).isNotEqualTo(a.get(1).tokenIds());
  }

  @Test
  void aRowsStreamDependsOnlyOnTheSeedAndItsIndexNotOnHowRowsAreChunked() {
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {1, 4, 5}, new int[] {1, 6, 7}, new int[] {1, 8, 9});
    SamplingParams p = SamplingParams.builder().temperature(1.0).maxNewTokens(10).seed(7).build();
    List<Completion> whole = sampler.sample(prompts, p);
    List<Completion> chunked = new ArrayList<>(sampler.sample(prompts.subList(0, 2), p, 0));
    chunked.addAll(sampler.sample(prompts.subList(2, 4), p, 2));
    // The same tokens; log-probs agree to float precision (batched matmuls round by batch shape).
    for (int i = 0; i < whole.size(); i++) {
      assertThat(chunked.get(i).tokenIds()).as("row %d", i).containsExactly(whole.get(i).tokenIds());
      float[] a = chunked.get(i).logProbs();
      float[] b = whole.get(i).logProbs();
      for (int k = 0; k < a.length; k++) {
        assertThat(a[k]).isCloseTo(b[k], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
    // The same chunk at another offset draws from other streams.
    assertThat(sampler.sample(prompts.subList(2, 4), p, 0).get(0).tokenIds()).isNotEqualTo(whole.get(2).tokenIds());
  }

  @Test
  void topKOneIsGreedy() {
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    List<int[]> prompts = List.of(new int[] {1, 6, 8});
    int[] greedy = sampler.sample(prompts, SamplingParams.builder().temperature(0).maxNewTokens(8).build())
        .get(0).tokenIds();
    int[] topOne = sampler.sample(prompts, SamplingParams.builder().temperature(1.3).topK(1).maxNewTokens(8)
        .seed(5).build()).get(0).tokenIds();
    assertThat(topOne).containsExactly(greedy);
  }

  @Test
  void tinyTopPIsGreedy() {
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    List<int[]> prompts = List.of(new int[] {1, 9});
    int[] greedy = sampler.sample(prompts, SamplingParams.builder().temperature(0).maxNewTokens(8).build())
        .get(0).tokenIds();
    int[] nucleus = sampler.sample(prompts, SamplingParams.builder().temperature(1.0).topP(1e-6).maxNewTokens(8)
        .seed(9).build()).get(0).tokenIds();
    assertThat(nucleus).containsExactly(greedy);
  }

  @Test
  void eosEndsARowAndIsKeptInTokensButNotText() {
    int[] prompt = {1, 5};
    int[] greedy = greedyByRecompute(prompt, 4);
    int eos = greedy[2];
    Sampler sampler = new Sampler(model, Set.of(eos), 0, LETTERS);
    Completion c = sampler.sample(List.of(prompt), SamplingParams.builder().temperature(0).maxNewTokens(10).build())
        .get(0);
    int firstEos = 0;
    while (greedy[firstEos] != eos) {
      firstEos++;
    }
    assertThat(c.finishReason()).isEqualTo(FinishReason.EOS);
    assertThat(c.tokenIds()).containsExactly(Arrays.copyOf(greedy, firstEos + 1));
    assertThat(c.text()).isEqualTo(LETTERS.apply(Arrays.copyOf(greedy, firstEos)));
  }

  @Test
  void stopStringCutsTheText() {
    int[] prompt = {1, 7};
    int[] greedy = greedyByRecompute(prompt, 6);
    String full = LETTERS.apply(greedy);
    String stop = full.substring(3, 5);
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    Completion c = sampler.sample(List.of(prompt), SamplingParams.builder().temperature(0).maxNewTokens(6)
        .stopStrings(List.of(stop)).build()).get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.STOP_STRING);
    assertThat(c.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
  }

  @Test
  void tooLongRequestIsRejectedBeforeSampling() {
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    assertThatThrownBy(() -> sampler.sample(List.of(new int[60]), SamplingParams.builder().maxNewTokens(10).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("max_position_embeddings");
    assertThatThrownBy(() -> sampler.sample(List.of(new int[0]), SamplingParams.builder().build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("row 0");
  }
}
