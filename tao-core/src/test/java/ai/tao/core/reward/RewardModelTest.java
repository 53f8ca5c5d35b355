package ai.tao.core.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.tao.api.DataInputException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.Prompt;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.SafetensorsIndex;
import ai.tao.core.policy.DecoderPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardModelTest {
  @TempDir Path tmp;

  @Test
  void theCheckpointIsLlamaForSequenceClassificationWithOneLabel() throws Exception {
    Path policy = RewardFixtures.policyCheckpoint(tmp.resolve("policy"), false);
    try (RewardModel rm = RewardModel.fromPolicy(policy, 1)) {
      rm.save(tmp.resolve("rm"));
    }
    JsonNode c = new ObjectMapper().readTree(tmp.resolve("rm/config.json").toFile());
    assertThat(c.path("architectures").get(0).asText()).isEqualTo("LlamaForSequenceClassification");
    assertThat(c.path("model_type").asText()).isEqualTo("llama");
    assertThat(c.path("num_labels").asInt()).isEqualTo(1);
    assertThat(c.path("id2label").size()).isEqualTo(1);
    assertThat(c.path("id2label").path("0").asText()).isEqualTo("LABEL_0");
    assertThat(c.has("pad_token_id")).isTrue();
    try (SafetensorsIndex index = SafetensorsIndex.open(tmp.resolve("rm"))) {
      Set<String> names = new TreeSet<>(index.names());
      assertThat(names).contains("score.weight", "model.embed_tokens.weight", "model.norm.weight",
          "model.layers.0.self_attn.q_proj.weight");
      assertThat(names).doesNotContain("lm_head.weight");
      assertThat(names).allMatch(n -> n.equals("score.weight") || n.startsWith("model."));
      assertThat(index.info("score.weight").shape()).containsExactly(1, 16);
    }
  }

  @Test
  void savedReloadedAndScoredAgainGivesIdenticalRewards() {
    Path policy = RewardFixtures.policyCheckpoint(tmp.resolve("policy"), true);
    List<String> responses = List.of("abc.", "a longer answer!", "x");
    Prompt prompt = Prompt.ofText("p", "question:");
    double[] before;
    try (RewardModel rm = RewardModel.fromPolicy(policy, 3);
        RewardTrainer t = ai.tao.core.train.Trainers.rewardModel().learningRate(1e-2).trainer(rm)) {
      t.step(RewardFixtures.punctuationPairs(8, 1)); // trained weights, not just the initial ones
      before = rm.rewards(prompt, responses);
      rm.save(tmp.resolve("rm"));
    }
    try (RewardModel again = RewardModel.load(tmp.resolve("rm"))) {
      assertThat(again.rewards(prompt, responses)).containsExactly(before);
    }
    assertThat(before[0]).isNotEqualTo(before[1]);
  }

  @Test
  void aRewardDoesNotDependOnTheBatchItIsPaddedInto() {
    Path policy = RewardFixtures.policyCheckpoint(tmp.resolve("policy"), true);
    try (RewardModel rm = RewardModel.fromPolicy(policy, 3)) {
      Prompt prompt = Prompt.ofText("p", "q:");
      double alone = rm.rewards(prompt, List.of("ab"))[0];
      double[] batch = rm.rewards(prompt, List.of("a much longer response", "ab", "c"));
      assertThat(batch[1]).isCloseTo(alone, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  /**
   * An independent route to the same number: with tied embeddings the LM head's logit of token k at
   * the last position is the final hidden state times embedding row k, so a head set to that row
   * must give that logit (the causal LM's logits are checked against numpy in ParityTest).
   */
  @Test
  void theRewardIsTheHeadAppliedToTheLastTokensFinalHiddenState() {
    Path policy = RewardFixtures.policyCheckpoint(tmp.resolve("policy"), true);
    int k = 'e';
    try (RewardModel rm = RewardModel.fromPolicy(policy, 3); DecoderPolicy lm = DecoderPolicy.load(policy);
        NDManager m = TaoRuntime.newManager()) {
      NDArray row = rm.weights().get("model.embed_tokens.weight").get(new NDIndex("{}:{}", k, k + 1));
      rm.weights().get(RewardModel.HEAD).set(new NDIndex("..."), row);
      int[] seq = rm.encode(Prompt.ofText("p", "hello"), " world");
      long[][] ids = {java.util.Arrays.stream(seq).asLongStream().toArray()};
      int[][] att = {java.util.Arrays.stream(seq).map(x -> 1).toArray()};
      float logit = lm.model().forward(ids, att, m, false).get(0, seq.length - 1, k).getFloat();
      assertThat(rm.rewards(List.of(seq))[0]).isCloseTo(logit, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void aCausalLmFolderIsRefusedAsARewardModelWithWhatToDo() {
    Path policy = RewardFixtures.policyCheckpoint(tmp.resolve("policy"), true);
    assertThatThrownBy(() -> RewardModel.load(policy)).isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("LlamaForCausalLM").hasMessageContaining("RewardModel.fromPolicy");
  }

  @Test
  void aTooLongInputNamesTheLimit() {
    Path policy = RewardFixtures.policyCheckpoint(tmp.resolve("policy"), true);
    try (RewardModel rm = RewardModel.fromPolicy(policy, 3)) {
      assertThatThrownBy(() -> rm.rewards(Prompt.ofText("p", "q"), List.of("x".repeat(100))))
          .isInstanceOf(DataInputException.class).hasMessageContaining("48");
    }
  }
}
