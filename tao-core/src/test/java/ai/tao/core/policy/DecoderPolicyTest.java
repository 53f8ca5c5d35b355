package ai.tao.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.TrainablePolicy.WeightsSnapshot;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoderPolicyTest {
  static DecoderPolicy policy(long seed) {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4)
        .numKvHeads(2).maxPositions(64).build();
    return DecoderPolicy.fresh("p" + seed, c, tok, seed);
  }

  static final List<Prompt> PROMPTS = List.of(Prompt.ofText("a", "hello"), Prompt.ofText("b", "world, again"));
  static final SamplingParams SAMPLING = SamplingParams.builder().candidatesPerPrompt(3).temperature(1.0)
      .maxNewTokens(12).seed(11).build();

  @Test
  void twoPoliciesSamplingInOneJvmInterleavedGiveWhatEachGivesAlone() throws Exception {
    List<Rollout> aloneA;
    List<Rollout> aloneB;
    try (DecoderPolicy a = policy(1)) {
      aloneA = a.sample(PROMPTS, SAMPLING);
    }
    try (DecoderPolicy b = policy(2)) {
      aloneB = b.sample(PROMPTS, SAMPLING.toBuilder().seed(12).build());
    }
    try (DecoderPolicy a = policy(1); DecoderPolicy b = policy(2)) {
      for (int i = 0; i < 3; i++) { // interleaved on one thread
        assertThat(a.sample(PROMPTS, SAMPLING)).isEqualTo(aloneA);
        assertThat(b.sample(PROMPTS, SAMPLING.toBuilder().seed(12).build())).isEqualTo(aloneB);
      }
      ExecutorService pool = Executors.newFixedThreadPool(2); // and at the same time on two threads
      try {
        List<Future<List<Rollout>>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          runs.add(pool.submit(() -> a.sample(PROMPTS, SAMPLING)));
          runs.add(pool.submit(() -> b.sample(PROMPTS, SAMPLING.toBuilder().seed(12).build())));
        }
        for (int i = 0; i < runs.size(); i++) {
          assertThat(runs.get(i).get()).isEqualTo(i % 2 == 0 ? aloneA : aloneB);
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void theRowBudgetDoesNotChangeWhatIsSampled() {
    try (DecoderPolicy p = policy(3)) {
      List<Rollout> once = p.sample(PROMPTS, SAMPLING);
      assertThat(once).hasSize(2).allSatisfy(r -> assertThat(r.size()).isEqualTo(3));
      assertThat(once.get(0).promptTokenIds()).containsExactly(p.encode(PROMPTS.get(0)));
      assertThat(once.get(1).prompt()).isEqualTo(PROMPTS.get(1));
      assertThat(once.get(0).sampling()).isEqualTo(SAMPLING);
    }
  }

  @Test
  void shardsOnBatchBoundariesGiveTheWholeCallBitForBitAfterASaveAndLoad(@TempDir Path dir) {
    List<Prompt> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(Prompt.ofText("p" + i, "prompt number " + i + "x".repeat(i)));
    }
    try (DecoderPolicy p = policy(5)) {
      p.save(dir);
    }
    try (DecoderPolicy p = DecoderPolicy.load(dir, 6)) {
      assertThat(p.maxBatchRows()).isEqualTo(6);
      assertThat(p.shardAlignment(3)).isEqualTo(2);
      assertThat(p.shardAlignment(4)).isEqualTo(3);
      List<Rollout> whole = p.sample(six, SAMPLING);
      List<Rollout> shards = new ArrayList<>();
      for (int from = 0; from < 6; from += 2) {
        shards.addAll(p.sampleShard(six.subList(from, from + 2), SAMPLING, from));
      }
      assertThat(shards).isEqualTo(whole);
      // A shard draws its candidates' own streams: at position 0 the same prompts sample otherwise.
      assertThat(p.sampleShard(six.subList(2, 4), SAMPLING, 0)).isNotEqualTo(whole.subList(2, 4));
      assertThatThrownBy(() -> p.sampleShard(six, SAMPLING, -1)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("firstPrompt must be >= 0, got -1");
    }
    assertThatThrownBy(() -> DecoderPolicy.load(dir, 0)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxBatchRows must be > 0, got 0");
  }

  @Test
  void aSnapshotRestoresTheWeightsAndOnlyItsOwnPolicyTakesIt() {
    try (DecoderPolicy p = policy(4); DecoderPolicy q = policy(5)) {
      float[] before = p.model().weights().get("model.norm.weight").toFloatArray();
      try (WeightsSnapshot s = p.snapshot()) {
        p.model().weights().get("model.norm.weight").muli(3f);
        p.model().weights().markUpdated();
        p.restore(s);
        assertThat(p.model().weights().get("model.norm.weight").toFloatArray()).containsExactly(before);
        assertThatThrownBy(() -> q.restore(s)).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("only restore snapshots it took");
      }
    }
  }

  @Test
  void idsPastTheTokenizersVocabularyAreNeverSampled() {
    ByteTokenizer tok = ByteTokenizer.create();
    // An embedding table padded past the tokenizer, as many checkpoints have.
    ModelConfig c = ModelConfig.builder().tokenizer(tok).vocabSize(tok.vocabSize() + 200).hiddenSize(16)
        .intermediateSize(32).numLayers(1).numHeads(2).maxPositions(64).build();
    try (DecoderPolicy p = DecoderPolicy.fresh("padded", c, tok, 9)) {
      List<Rollout> out = p.sample(PROMPTS, SamplingParams.builder().candidatesPerPrompt(8).temperature(3.0)
          .maxNewTokens(16).build());
      assertThat(out).allSatisfy(r -> r.completions().forEach(comp ->
          assertThat(java.util.Arrays.stream(comp.tokenIds()).max().orElse(0)).isLessThan(tok.vocabSize())));
    }
  }
}
