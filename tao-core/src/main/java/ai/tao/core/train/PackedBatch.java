package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Sequences right-padded into tensors for one teacher-forced pass: inputs are tokens [0, L−1),
 * targets tokens [1, L), and the loss mask marks targets that are response tokens.
 */
record PackedBatch(long[][] inputs, int[][] attention, NDArray targets, NDArray lossMask, NDArray oldLogProbs,
    NDArray advantages, int responseTokens) {

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
    }
    Shape bt = new Shape(b, t);
    return new PackedBatch(inputs, attention, m.create(targets, bt), m.create(mask, bt), m.create(old, bt),
        m.create(adv, new Shape(b, 1)), tokens);
  }
}
