package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Rotary position embedding tables in Hugging Face's rotate-half layout: dimension {@code i} pairs
 * with {@code i + headDim/2}. The query tables carry the attention scale 1/sqrt(headDim) so scores
 * need no extra multiply.
 */
final class Rope {
  private final NDArray cos; // (P, hd)
  private final NDArray sin; // (P, hd)
  private final NDArray cosQ; // (P, hd), scaled
  private final NDArray sinQ; // (P, hd), scaled

  Rope(ModelConfig c, NDManager manager) {
    int hd = c.headDim();
    int half = hd / 2;
    double[] inv = new double[half];
    for (int i = 0; i < half; i++) {
      inv[i] = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / hd);
    }
    if (c.ropeScaling().isPresent()) {
      inv = c.ropeScaling().get().apply(inv);
    }
    int p = c.maxPositions();
    double scale = 1.0 / Math.sqrt(hd);
    float[] cs = new float[p * hd];
    float[] sn = new float[p * hd];
    float[] csQ = new float[p * hd];
    float[] snQ = new float[p * hd];
    for (int t = 0; t < p; t++) {
      for (int i = 0; i < half; i++) {
        double a = t * inv[i];
        float cv = (float) Math.cos(a);
        float sv = (float) Math.sin(a);
        cs[t * hd + i] = cv;
        cs[t * hd + i + half] = cv;
        sn[t * hd + i] = sv;
        sn[t * hd + i + half] = sv;
        csQ[t * hd + i] = (float) (Math.cos(a) * scale);
        csQ[t * hd + i + half] = csQ[t * hd + i];
        snQ[t * hd + i] = (float) (Math.sin(a) * scale);
        snQ[t * hd + i + half] = snQ[t * hd + i];
      }
    }
    Shape s = new Shape(p, hd);
    cos = manager.create(cs, s);
    sin = manager.create(sn, s);
    cosQ = manager.create(csQ, s);
    sinQ = manager.create(snQ, s);
  }

  /** Tables gathered at {@code positions} (B, T), shaped (B, T, 1, hd) to broadcast over heads. */
  Tables at(NDArray positions) {
    return new Tables(gather(cosQ, positions), gather(sinQ, positions), gather(cos, positions),
        gather(sin, positions));
  }

  /**
   * RoPE tables at one pass's positions, each (B, T, 1, hd).
   *
   * @param cosQ cos scaled by 1/sqrt(hd), for queries
   * @param sinQ sin likewise
   * @param cosK cos, for keys
   * @param sinK sin, for keys
   */
  record Tables(NDArray cosQ, NDArray sinQ, NDArray cosK, NDArray sinK) {}

  private static NDArray gather(NDArray table, NDArray positions) {
    NDArray g = Embedding.embedding(positions, table, SparseFormat.DENSE).singletonOrThrow(); // (B, T, hd)
    return g.expandDims(2); // (B, T, 1, hd)
  }

  /** rotate_half(x) = cat(-x2, x1) over the last axis. */
  static NDArray rotateHalf(NDArray x) {
    var halves = x.split(2, x.getShape().dimension() - 1);
    return halves.get(1).neg().concat(halves.get(0), x.getShape().dimension() - 1);
  }
}
