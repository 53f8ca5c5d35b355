package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Sequences right-padded into tensors for one teacher-forced pass: inputs are tokens [0, L−1),
 * targets tokens [1, L), and the loss mask marks targets that are response tokens.
 *
 * @param inputs (B, T) token ids
 * @param attention (B, T) 1 for real tokens
 * @param targets (B, T) next tokens
 * @param lossMask (B, T) 1 where the target is a response token
 * @param oldLogProbs (B, T) sampling-time log-probs at response targets, 0 elsewhere
 * @param advantages (B, 1)
 * @param inverseTemperatures (B, 1, 1) 1/τ of each sequence, or null when every τ is 1
 * @param responseTokens response targets in the batch
 */
record PackedBatch(long[][] inputs, int[][] attention, NDArray targets, NDArray lossMask, NDArray oldLogProbs,
    NDArray advantages, NDArray inverseTemperatures, int responseTokens) {

  static PackedBatch of(List<TrainSequence> seqs, NDManager m) {
    int b = seqs.size();
    int t = 0;
    for (TrainSequence s : seqs) {
      t = Math.max(t, s.length() - 1);
    }
    long[][] inputs = new long[b][t];
    int[][] attention = new int[b][t];
    long[] targets = new long[b * t];
    float[] mask = new float[b * t];
    float[] old = new float[b * t];
    float[] adv = new float[b];
    float[] invTemp = new float[b];
    boolean allOne = true;
    int tokens = 0;
    for (int i = 0; i < b; i++) {
      TrainSequence s = seqs.get(i);
      int p = s.promptIds().length;
      int len = s.length();
      for (int j = 0; j < len - 1; j++) {
        inputs[i][j] = j < p ? s.promptIds()[j] : s.responseIds()[j - p];
        attention[i][j] = 1;
        int target = j + 1;
        targets[i * t + j] = target < p ? s.promptIds()[target] : s.responseIds()[target - p];
        if (target >= p) {
          mask[i * t + j] = 1f;
          if (s.oldLogProbs().length > 0) {
            old[i * t + j] = s.oldLogProbs()[target - p];
          }
          tokens++;
        }
      }
      adv[i] = (float) s.advantage();
      invTemp[i] = (float) (1.0 / s.temperature());
      allOne &= s.temperature() == 1.0;
    }
    Shape bt = new Shape(b, t);
    return new PackedBatch(inputs, attention, m.create(targets, bt), m.create(mask, bt), m.create(old, bt),
        m.create(adv, new Shape(b, 1)), allOne ? null : m.create(invTemp, new Shape(b, 1, 1)), tokens);
  }
}
