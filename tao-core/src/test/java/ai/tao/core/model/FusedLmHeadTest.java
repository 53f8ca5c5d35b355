package ai.tao.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.tao.core.TaoRuntime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused, chunked head against plain autograd through whole logits: the same log-probs,
 * entropies and loss, and the same gradients for the hidden states and the (tied) head, with
 * per-token temperatures and a loss that is not linear in the log-probs.
 */
class FusedLmHeadTest {
  static final ModelConfig TINY = ModelConfig.builder().hiddenSize(8).intermediateSize(12).numLayers(1).numHeads(2)
      .numKvHeads(1).vocabSize(11).maxPositions(16).rmsNormEps(1e-5).build();
  static final int N = 7;

  /** A per-token loss with a gradient that depends on the log-prob itself: Σ c·exp(lp) + lp². */
  static NDArray loss(NDArray lp, NDArray coeff) {
    return lp.exp().mul(coeff).add(lp.square()).sum();
  }

  record Grads(float[] logProbs, float[] entropy, float loss, float[] hidden, float[] head) {}

  @Test
  void matchesAutogradThroughWholeLogitsInEveryChunking() {
    try (NDManager root = TaoRuntime.newManager()) {
      Grads plain = plain(root, true);
      for (long step : new long[] {1, 3, N, 100}) {
        Grads fused = fused(root, step, true);
        String at = step + " tokens per chunk";
        assertClose(fused.logProbs(), plain.logProbs(), 1e-5f, "log-probs, " + at);
        assertClose(fused.entropy(), plain.entropy(), 1e-5f, "entropy, " + at);
        assertThat(fused.loss()).as("loss, " + at).isCloseTo(plain.loss(), org.assertj.core.data.Offset.offset(1e-4f));
        assertClose(fused.hidden(), plain.hidden(), 1e-5f, "hidden gradient, " + at);
        assertClose(fused.head(), plain.head(), 1e-5f, "head gradient, " + at);
      }
      assertThat(max(plain.head())).as("the head gradient is not trivially zero").isGreaterThan(1e-2f);
    }
  }

  @Test
  void aFrozenHeadGetsNoGradientAndTheHiddenOneIsStillRight() {
    try (NDManager root = TaoRuntime.newManager()) {
      Grads plain = plain(root, false);
      Grads fused = fused(root, 3, false);
      assertClose(fused.hidden(), plain.hidden(), 1e-5f, "hidden gradient");
      assertThat(fused.head()).isNull();
    }
  }

  @Test
  void theForwardAloneMatchesTheTrainingPass() {
    try (NDManager root = TaoRuntime.newManager(); NDManager m = root.newSubManager()) {
      CausalLm model = new CausalLm(ModelWeights.randomInit(TINY, m, 1, 0.6));
      Inputs in = inputs(m);
      FusedLmHead.Forward f = FusedLmHead.logProbs(model, in.hidden, in.targets, in.invTemp, 2);
      Grads plain = plain(root, true);
      assertClose(f.logProbs().toFloatArray(), plain.logProbs(), 1e-5f, "log-probs");
      assertClose(f.entropy().toFloatArray(), plain.entropy(), 1e-5f, "entropy");
    }
  }

  record Inputs(NDArray hidden, NDArray targets, NDArray invTemp, NDArray coeff) {}

  static Inputs inputs(NDManager m) {
    Random r = new Random(7);
    float[] h = new float[N * TINY.hiddenSize()];
    for (int i = 0; i < h.length; i++) {
      h[i] = (float) r.nextGaussian();
    }
    long[] t = new long[N];
    float[] inv = new float[N];
    float[] c = new float[N];
    for (int i = 0; i < N; i++) {
      t[i] = r.nextInt(TINY.vocabSize());
      inv[i] = (float) (1 / (0.6 + r.nextDouble()));
      c[i] = (float) r.nextGaussian();
    }
    return new Inputs(m.create(h, new Shape(N, TINY.hiddenSize())), m.create(t), m.create(inv), m.create(c));
  }

  /** The tiny model, its (tied) head trained or frozen. */
  private static CausalLm model(NDManager m, boolean headTrains) {
    CausalLm model = new CausalLm(ModelWeights.randomInit(TINY, m, 1, 0.6));
    model.weights().lmHead().setRequiresGradient(headTrains);
    return model;
  }

  /** {@link #inputs} with the hidden states as a leaf that collects its gradient. */
  private static Inputs trainedInputs(NDManager m) {
    Inputs in = inputs(m);
    in.hidden.setRequiresGradient(true);
    return in;
  }

  private static Grads plain(NDManager root, boolean headTrains) {
    try (NDManager m = root.newSubManager()) {
      CausalLm model = model(m, headTrains);
      NDArray w = model.weights().lmHead();
      Inputs in = trainedInputs(m);
      float lossValue;
      float[] lp;
      float[] ent;
      try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
        NDArray logp = in.hidden.matMul(w.transpose()).mul(in.invTemp.expandDims(-1)).logSoftmax(-1); // (N, V)
        NDArray lps = logp.gather(in.targets.expandDims(-1), -1).squeeze(-1);
        NDArray loss = loss(lps, in.coeff);
        lossValue = loss.getFloat();
        lp = lps.toFloatArray();
        ent = logp.exp().mul(logp).sum(new int[] {-1}).neg().toFloatArray();
        gc.backward(loss);
      }
      return new Grads(lp, ent, lossValue, in.hidden.getGradient().toFloatArray(),
          headTrains ? w.getGradient().toFloatArray() : null);
    }
  }

  private static Grads fused(NDManager root, long step, boolean headTrains) {
    try (NDManager m = root.newSubManager()) {
      CausalLm model = model(m, headTrains);
      NDArray w = model.weights().lmHead();
      Inputs in = trainedInputs(m);
      FusedLmHead.Trained t;
      try (GradientCollector gc = TaoRuntime.newGradientCollector()) {
        t = FusedLmHead.train(model, in.hidden, in.targets, in.invTemp, gc,
            (lp, from, to) -> loss(lp, in.coeff.get(new NDIndex("{}:{}", from, to))), step);
        gc.backward(t.surrogate());
      }
      return new Grads(t.logProbs().toFloatArray(), t.entropy().toFloatArray(), t.loss().getFloat(),
          in.hidden.getGradient().toFloatArray(), headTrains ? w.getGradient().toFloatArray() : null);
    }
  }

  private static void assertClose(float[] actual, float[] expected, float tol, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
    }
  }

  private static float max(float[] a) {
    float m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
