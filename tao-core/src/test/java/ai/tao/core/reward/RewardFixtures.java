package ai.tao.core.reward;

import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A tiny byte-level policy checkpoint and synthetic preference pairs for reward-model tests. */
final class RewardFixtures {
  private RewardFixtures() {}

  static ModelConfig tinyConfig(boolean tied) {
    return ModelConfig.builder().tokenizer(ByteTokenizer.create()).hiddenSize(16).intermediateSize(32).numLayers(1)
        .numHeads(2).numKvHeads(1).maxPositions(48).rmsNormEps(1e-5).tieWordEmbeddings(tied).build();
  }

  /** Saves a fresh tiny policy to {@code dir} and returns the folder. */
  static Path policyCheckpoint(Path dir, boolean tied) {
    try (DecoderPolicy p = DecoderPolicy.fresh("tiny", tinyConfig(tied), ByteTokenizer.create(), 7)) {
      p.save(dir);
    }
    return dir;
  }

  /**
   * Pairs whose preference is readable at the end of the response: the chosen answer closes with
   * '.', the rejected with '!', the words before are random.
   */
  static List<PreferencePair> punctuationPairs(int n, long seed) {
    Random rnd = new Random(seed);
    List<PreferencePair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String prompt = "q" + word(rnd) + ":";
      String w1 = word(rnd);
      String w2 = word(rnd);
      out.add(PreferencePair.of(prompt, w1 + ".", w2 + "!"));
    }
    return out;
  }

  private static String word(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int len = 2 + rnd.nextInt(5);
    for (int i = 0; i < len; i++) {
      sb.append((char) ('a' + rnd.nextInt(26)));
    }
    return sb.toString();
  }
}
