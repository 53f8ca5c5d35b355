package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter 2019) with global-norm gradient clipping, over a model's tensors.
 *
 * <p>Our own loop rather than DJL's optimizer: DJL clips each gradient element one-sided and its
 * trainer throws on an all-zero gradient. Here the gradient of every tensor is scaled by
 * min(1, maxNorm / ‖g‖) with ‖g‖ the norm over all tensors together, as PyTorch's
 * clip_grad_norm_. Weight decay applies to matrices only (not norms or biases).
 *
 * @since 0.1
 */
public final class AdamW implements AutoCloseable {
  private final ModelWeights weights;
  private double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double maxGradNorm;
  private final NDManager state;
  private final List<NDArray> params = new ArrayList<>();
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private long t;

  public AdamW(ModelWeights weights, double lr, double beta1, double beta2, double eps, double weightDecay,
      double maxGradNorm) {
    this.weights = weights;
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.maxGradNorm = maxGradNorm;
    this.state = weights.manager().newSubManager();
    for (Map.Entry<String, NDArray> e : weights.tensors().entrySet()) {
      NDArray p = e.getValue();
      p.setRequiresGradient(true);
      params.add(p);
      m.add(state.zeros(p.getShape(), p.getDataType()));
      v.add(state.zeros(p.getShape(), p.getDataType()));
    }
  }

  /** The step size of the next {@link #step}. */
  public double learningRate() {
    return lr;
  }

  /** Sets the step size of the following steps (a schedule calls this before each step). */
  public void learningRate(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new ai.tao.api.ConfigurationException("learning rate must be finite and >= 0, got " + lr);
    }
    this.lr = lr;
  }

  /** Clears accumulated gradients. */
  public void zeroGrad() {
    for (NDArray p : params) {
      JniUtils.zeroGrad((PtNDArray) p);
    }
  }

  /** The global L2 norm of all gradients. */
  public double gradNorm() {
    try (var noGrad = TaoRuntime.noGrad(); NDManager tmp = state.newSubManager()) {
      double sq = 0;
      for (NDArray p : params) {
        NDArray g = p.getGradient();
        g.attach(tmp);
        sq += g.square().sum().getFloat();
      }
      return Math.sqrt(sq);
    }
  }

  /**
   * Clips by global norm and applies one AdamW update, then marks the weights updated.
   *
   * @param gradNorm the value {@link #gradNorm()} returned for the current gradients
   */
  public void step(double gradNorm) {
    t++;
    double clip = maxGradNorm > 0 && gradNorm > maxGradNorm ? maxGradNorm / (gradNorm + 1e-6) : 1.0;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    // Every temporary goes into the scope and is freed with it. Without it, ops whose first operand is
    // optimizer state (v / bc2, m / denom …) would leave their results in the state's manager: a few
    // parameter-sized arrays per tensor per step, gigabytes over a long run.
    try (var noGrad = TaoRuntime.noGrad(); NDManager tmp = state.newSubManager(); NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        NDArray g = p.getGradient();
        g.attach(tmp);
        if (clip != 1.0) {
          g = g.mul((float) clip);
        }
        m.get(i).muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.get(i).muli((float) beta2).addi(g.square().mul((float) (1 - beta2)));
        if (weightDecay > 0 && p.getShape().dimension() >= 2) {
          p.muli((float) (1 - lr * weightDecay));
        }
        NDArray denom = v.get(i).div((float) bc2).sqrt().add((float) eps);
        p.subi(m.get(i).div(denom).mul((float) (lr / bc1)));
      }
    }
    weights.markUpdated();
  }

  /** Forgets the moments and the step count, as a new optimizer on the current weights would. */
  public void reset() {
    try (var noGrad = TaoRuntime.noGrad()) {
      for (int i = 0; i < params.size(); i++) {
        m.get(i).muli(0f);
        v.get(i).muli(0f);
      }
    }
    t = 0;
  }

  /** Optimizer steps taken. */
  public long steps() {
    return t;
  }

  @Override
  public void close() {
    state.close();
  }
}
