package ai.tao.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.tao.api.ConfigurationException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.DType;
import ai.tao.core.io.FloatTensor;
import ai.tao.core.io.SafetensorsFile;
import ai.tao.core.io.SafetensorsWriter;
import ai.tao.core.model.TrainableTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
  private final TrainableTensors weights;
  private double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double maxGradNorm;
  private final NDManager state;
  private final List<String> names = new ArrayList<>();
  private final List<NDArray> params = new ArrayList<>();
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private long t;

  public AdamW(TrainableTensors weights, double lr, double beta1, double beta2, double eps, double weightDecay,
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
      names.add(e.getKey());
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
      throw new ConfigurationException("learning rate must be finite and >= 0, got " + lr);
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
        double n = g.norm().getFloat(); // one reduction, no gradient-sized temporary
        sq += n * n;
      }
      return Math.sqrt(sq);
    }
  }

  /**
   * Clips by global norm and applies one AdamW update, then marks the weights updated. The update
   * runs in place, with each gradient as its scratch space: no parameter-sized temporary is made, and
   * the gradients hold no meaning afterwards (zero them before the next backward pass, as every
   * trainer does).
   *
   * @param gradNorm the value {@link #gradNorm()} returned for the current gradients
   */
  public void step(double gradNorm) {
    t++;
    double clip = maxGradNorm > 0 && gradNorm > maxGradNorm ? maxGradNorm / (gradNorm + 1e-6) : 1.0;
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    try (var noGrad = TaoRuntime.noGrad(); NDManager tmp = state.newSubManager()) {
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        NDArray g = p.getGradient(); // ĝ = clip · g, used as scratch from here on
        g.attach(tmp);
        NDArray mi = m.get(i);
        NDArray vi = v.get(i);
        g.muli((float) (clip * (1 - beta1))); // (1−β1)·ĝ
        mi.muli((float) beta1).addi(g); // m = β1·m + (1−β1)·ĝ
        g.muli(g).muli((float) ((1 - beta2) / ((1 - beta1) * (1 - beta1)))); // (1−β2)·ĝ²
        vi.muli((float) beta2).addi(g); // v = β2·v + (1−β2)·ĝ²
        if (weightDecay > 0 && p.getShape().dimension() >= 2) {
          p.muli((float) (1 - lr * weightDecay));
        }
        // g = (lr/bc1) · m / (sqrt(v/bc2) + eps)
        g.muli(0f).addi(vi).powi(0.5f).muli((float) (1 / Math.sqrt(bc2))).addi((float) eps).powi(-1f).muli(mi)
            .muli((float) (lr / bc1));
        p.subi(g);
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

  /**
   * Writes the moments ({@code m.<tensor>}, {@code v.<tensor>}, F32, bit for bit), the step count
   * and learning rate (safetensors metadata) to {@code file}, and the fixed settings so that {@link
   * #restore} can refuse a file of another optimizer.
   *
   * @throws ai.tao.api.OutputException if the file cannot be written
   */
  public void save(Path file) {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      tensors.put("m." + names.get(i), host(m.get(i)));
      tensors.put("v." + names.get(i), host(v.get(i)));
    }
    SafetensorsWriter.write(file, tensors, metadata(), DType.F32);
  }

  /**
   * Reads what {@link #save} wrote back into this optimizer (moments in place, step count, learning
   * rate), so the next {@link #step} is the one the saving optimizer would have taken.
   *
   * @throws ConfigurationException if the file is of an optimizer over other tensors or with other
   *     settings, naming what differs
   */
  public void restore(Path file) {
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      Map<String, String> saved = f.metadata();
      for (Map.Entry<String, String> e : metadata().entrySet()) {
        if (SETTINGS.contains(e.getKey()) && !e.getValue().equals(saved.get(e.getKey()))) {
          throw new ConfigurationException("AdamW state " + file + " has " + e.getKey() + " " + saved.get(e.getKey())
              + " but this optimizer " + e.getValue() + ": restore it into an optimizer of the same settings");
        }
      }
      Set<String> expected = new TreeSet<>();
      names.forEach(n -> {
        expected.add("m." + n);
        expected.add("v." + n);
      });
      if (!f.names().equals(expected)) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(f.names());
        Set<String> extra = new TreeSet<>(f.names());
        extra.removeAll(expected);
        throw new ConfigurationException("AdamW state " + file + " is for other tensors: missing " + missing
            + ", unexpected " + extra);
      }
      try (var noGrad = TaoRuntime.noGrad(); NDManager tmp = state.newSubManager()) {
        for (int i = 0; i < params.size(); i++) {
          load(f, "m." + names.get(i), m.get(i), tmp);
          load(f, "v." + names.get(i), v.get(i), tmp);
        }
      }
      t = Long.parseLong(saved.get("step"));
      lr = Double.parseDouble(saved.get("learning_rate"));
    }
  }

  /** Settings a restored file must share with this optimizer. */
  private static final Set<String> SETTINGS = Set.of("beta1", "beta2", "eps", "weight_decay", "max_grad_norm");

  private Map<String, String> metadata() {
    Map<String, String> md = new LinkedHashMap<>();
    md.put("optimizer", "adamw");
    md.put("step", Long.toString(t));
    // Double.toString round-trips every double exactly.
    md.put("learning_rate", Double.toString(lr));
    md.put("beta1", Double.toString(beta1));
    md.put("beta2", Double.toString(beta2));
    md.put("eps", Double.toString(eps));
    md.put("weight_decay", Double.toString(weightDecay));
    md.put("max_grad_norm", Double.toString(maxGradNorm));
    return md;
  }

  private static FloatTensor host(NDArray a) {
    return new FloatTensor(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray());
  }

  private static void load(SafetensorsFile f, String name, NDArray into, NDManager tmp) {
    long[] shape = into.getShape().getShape();
    if (!Arrays.equals(f.info(name).shape(), shape)) {
      throw new ConfigurationException("AdamW state " + f.path() + " has " + name + " of shape "
          + Arrays.toString(f.info(name).shape()) + " but this optimizer's is " + Arrays.toString(shape));
    }
    NDArray src = tmp.create(f.readFloats(name), into.getShape());
    into.set(new NDIndex("..."), src.getDataType() == into.getDataType() ? src : src.toType(into.getDataType(), false));
  }

  @Override
  public void close() {
    state.close();
  }
}
