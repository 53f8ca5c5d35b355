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

  /** Each row sampled alone (a batch of one shares nothing and never compacts), at its own row index. */
  static List<Completion> oneByOne(Sampler sampler, List<int[]> prompts, SamplingParams p) {
    List<Completion> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      out.add(sampler.sample(List.of(prompts.get(i)), p, i).get(0));
    }
    return out;
  }

  static void assertSameSamples(List<Completion> actual, List<Completion> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i).tokenIds()).as("row %d", i).containsExactly(expected.get(i).tokenIds());
      assertThat(actual.get(i).finishReason()).as("row %d", i).isEqualTo(expected.get(i).finishReason());
      float[] a = actual.get(i).logProbs();
      float[] b = expected.get(i).logProbs();
      for (int k = 0; k < a.length; k++) {
        assertThat(a[k]).as("row %d token %d", i, k).isCloseTo(b[k], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void groupsThatShareOnePrefillSampleWhatEachRowSamplesAlone() {
    Sampler sampler = new Sampler(model, Set.of(), 0, LETTERS);
    int[] a = {1, 5, 7, 9, 11};
    int[] b = {1, 4};
    // Two groups of 4 candidates, interleaved with a third prompt, ragged lengths (left padding).
    List<int[]> rows = List.of(a, a, b, a, b, b, new int[] {1, 20, 3}, a, b);
    for (long seed : new long[] {3, 4, 5}) {
      SamplingParams p = SamplingParams.builder().temperature(1.0).maxNewTokens(9).seed(seed).build();
      List<Completion> shared = sampler.sample(rows, p);
      assertSameSamples(shared, oneByOne(sampler, rows, p));
      // The same prompt's candidates are still independent draws.
      assertThat(shared.get(0).tokenIds()).isNotEqualTo(shared.get(1).tokenIds());
    }
  }

  @Test
  void rowsThatFinishEarlyLeaveTheBatchWithoutChangingTheOthers() {
    // Two end ids of 30 make rows end at scattered steps, so the batch compacts several times.
    Sampler sampler = new Sampler(model, Set.of(3, 17), 0, LETTERS);
    List<int[]> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      rows.add(i % 3 == 0 ? new int[] {1, 2} : new int[] {1, 8, 9, 10});
    }
    int ended = 0;
    int[] lengths = new int[rows.size()];
    for (long seed : new long[] {11, 12, 13}) {
      SamplingParams p = SamplingParams.builder().temperature(1.0).maxNewTokens(24).seed(seed).build();
      List<Completion> batched = sampler.sample(rows, p);
      assertSameSamples(batched, oneByOne(sampler, rows, p));
      for (DecodeOptions o : List.of(new DecodeOptions(false, false), new DecodeOptions(true, false),
          new DecodeOptions(false, true))) {
        Sampler other = new Sampler(model, Set.of(3, 17), 0, LETTERS, model.config().vocabSize(), o);
        assertSameSamples(other.sample(rows, p), batched);
      }
      for (int i = 0; i < batched.size(); i++) {
        ended += batched.get(i).finishReason() == FinishReason.EOS ? 1 : 0;
        lengths[i] = batched.get(i).tokenIds().length;
      }
    }
    // The test means something only if rows did end at different steps.
    assertThat(ended).isGreaterThan(12);
    assertThat(Arrays.stream(lengths).distinct().count()).isGreaterThan(3);
  }
}
