package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.FloatTensor;
import ai.tao.core.io.SafetensorsIndex;
import ai.tao.core.io.TensorInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trainable tensors of a decoder, keyed by their Hugging Face names and kept in their Hugging
 * Face layout ({@code [out, in]} for projections), so saving needs no conversion.
 *
 * <p>Owns its manager. {@link #version()} changes whenever an optimizer writes into the tensors;
 * derived caches (fused projections) rebuild when it moves.
 *
 * @since 0.1
 */
public final class ModelWeights implements TrainableTensors, AutoCloseable {
  private final ModelConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> tensors;
  private long version;

  private ModelWeights(ModelConfig config, NDManager manager, Map<String, NDArray> tensors) {
    this.config = config;
    this.manager = manager;
    this.tensors = tensors;
  }

  /**
   * Loads every tensor config.json implies, checking names and shapes before any array is made.
   * {@code lm_head.weight} is ignored when the embeddings are tied.
   */
  public static ModelWeights load(ModelConfig config, SafetensorsIndex index, NDManager parent) {
    return load(config, index, parent, WeightNames.expected(config), Map.of(), OptionalLong.empty());
  }

  /**
   * Loads the backbone (every tensor but the LM head) and the named head tensors, as a model with
   * another head than the LM head needs (a reward model's {@code score.weight}). A head the
   * checkpoint lacks is an error, unless {@code initSeed} is given: then it is initialised N(0,
   * 0.02) with that seed (a new head on a pretrained backbone).
   *
   * @param heads name → shape of each head tensor
   */
  public static ModelWeights loadBackbone(ModelConfig config, SafetensorsIndex index, NDManager parent,
      Map<String, long[]> heads, OptionalLong initSeed) {
    return load(config, index, parent, WeightNames.backbone(config), heads, initSeed);
  }

  private static ModelWeights load(ModelConfig config, SafetensorsIndex index, NDManager parent,
      Map<String, long[]> expected, Map<String, long[]> heads, OptionalLong initSeed) {
    Map<String, long[]> fromFile = new LinkedHashMap<>(expected);
    Map<String, long[]> fresh = new LinkedHashMap<>();
    heads.forEach((name, shape) -> {
      if (index.names().contains(name) || initSeed.isEmpty()) {
        fromFile.put(name, shape);
      } else {
        fresh.put(name, shape);
      }
    });
    for (Map.Entry<String, long[]> e : fromFile.entrySet()) {
      if (!index.names().contains(e.getKey())) {
        throw new ModelLoadException("checkpoint lacks tensor '" + e.getKey() + "' that config.json ("
            + config.family().modelType() + ", " + config.numLayers() + " layers) requires");
      }
      TensorInfo info = index.info(e.getKey());
      if (!Arrays.equals(info.shape(), e.getValue())) {
        throw new ModelLoadException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(info.shape())
            + " but config.json implies " + Arrays.toString(e.getValue())
            + "; the checkpoint and config.json disagree");
      }
    }
    NDManager m = parent.newSubManager();
    Map<String, NDArray> t = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, long[]> e : fromFile.entrySet()) {
        float[] data = index.readFloats(e.getKey());
        t.put(e.getKey(), m.create(data, new Shape(e.getValue())));
      }
      Random rnd = new Random(initSeed.orElse(0));
      for (Map.Entry<String, long[]> e : fresh.entrySet()) {
        float[] data = new float[Math.toIntExact(new Shape(e.getValue()).size())];
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) (rnd.nextGaussian() * 0.02);
        }
        t.put(e.getKey(), m.create(data, new Shape(e.getValue())));
      }
    } catch (RuntimeException ex) {
      m.close();
      throw ex;
    }
    return new ModelWeights(config, m, t);
  }

  /**
   * A fresh model: projections and embeddings ~ N(0, initStd) (Hugging Face's initializer_range,
   * 0.02 by default), norm weights 1, biases 0. Deterministic for a seed.
   */
  public static ModelWeights randomInit(ModelConfig config, NDManager parent, long seed, double initStd) {
    Random rnd = new Random(seed);
    NDManager m = parent.newSubManager();
    Map<String, NDArray> t = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : WeightNames.expected(config).entrySet()) {
      long[] shape = e.getValue();
      float[] data = new float[Math.toIntExact(new Shape(shape).size())];
      if (WeightNames.isNorm(e.getKey())) {
        Arrays.fill(data, 1f);
      } else if (!e.getKey().endsWith(".bias")) {
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) (rnd.nextGaussian() * initStd);
        }
      }
      t.put(e.getKey(), m.create(data, new Shape(shape)));
    }
    return new ModelWeights(config, m, t);
  }

  /**
   * Weights from host tensors named and shaped as config.json implies (what {@link #toHost} gives).
   *
   * @throws ConfigurationException naming a missing, extra or misshapen tensor
   */
  public static ModelWeights fromHost(ModelConfig config, Map<String, FloatTensor> host, NDManager parent) {
    Map<String, long[]> expected = WeightNames.expected(config);
    if (!expected.keySet().equals(host.keySet())) {
      Set<String> missing = new TreeSet<>(expected.keySet());
      missing.removeAll(host.keySet());
      Set<String> extra = new TreeSet<>(host.keySet());
      extra.removeAll(expected.keySet());
      throw new ConfigurationException("host tensors do not fit " + config.family().modelType() + ": missing "
          + missing + ", unexpected " + extra);
    }
    NDManager m = parent.newSubManager();
    Map<String, NDArray> t = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      FloatTensor f = host.get(e.getKey());
      if (!Arrays.equals(f.shape(), e.getValue())) {
        m.close();
        throw new ConfigurationException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(f.shape())
            + " but config.json implies " + Arrays.toString(e.getValue()));
      }
      t.put(e.getKey(), m.create(f.data(), new Shape(f.shape())));
    }
    return new ModelWeights(config, m, t);
  }

  /** A frozen, independent copy (no gradients), e.g. the reference model of a KL penalty. */
  public ModelWeights copy(NDManager parent) {
    NDManager m = parent.newSubManager();
    return new ModelWeights(config, m, TensorMaps.detachedCopies(tensors, m));
  }

  /** Overwrites every tensor with {@code other}'s values (same config), e.g. to roll back to a snapshot. */
  public void copyFrom(ModelWeights other) {
    if (!other.config.equals(config)) {
      throw new ai.tao.api.ConfigurationException("cannot copy weights of a different architecture: " + other.config
          + " into " + config);
    }
    TensorMaps.overwrite(tensors, other.tensors);
    markUpdated();
  }

  /**
   * Overwrites every tensor in place with the tensor of the same name in {@code index} (a folder
   * {@link CausalLm#save} wrote), so that optimizers and caches holding these arrays keep working:
   * how a resumed run gets its weights back. F32 files load bit for bit. Names and shapes are
   * checked before any tensor is written.
   *
   * @throws ConfigurationException if the folder holds other tensors or shapes, naming them
   */
  public void loadInPlace(SafetensorsIndex index) {
    if (!index.names().equals(tensors.keySet())) {
      Set<String> missing = new TreeSet<>(tensors.keySet());
      missing.removeAll(index.names());
      Set<String> extra = new TreeSet<>(index.names());
      extra.removeAll(tensors.keySet());
      throw new ConfigurationException("weights in " + index.directory() + " do not fit this model: missing "
          + missing + ", unexpected " + extra);
    }
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      long[] shape = e.getValue().getShape().getShape();
      if (!Arrays.equals(index.info(e.getKey()).shape(), shape)) {
        throw new ConfigurationException("tensor '" + e.getKey() + "' in " + index.directory() + " has shape "
            + Arrays.toString(index.info(e.getKey()).shape()) + " but this model's is " + Arrays.toString(shape));
      }
    }
    try (var g = TaoRuntime.noGrad(); NDManager tmp = manager.newSubManager()) {
      for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
        NDArray v = e.getValue();
        NDArray src = tmp.create(index.readFloats(e.getKey()), v.getShape());
        v.set(new NDIndex("..."), src.getDataType() == v.getDataType() ? src
            : src.toType(v.getDataType(), false));
      }
    }
    markUpdated();
  }

  /**
   * SHA-256 (hex) over every tensor's name, shape and raw bytes, in name order: equal exactly when
   * two sets of weights are bit for bit the same. Copies each tensor to the host once.
   */
  public String fingerprint() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    for (String name : new TreeSet<>(tensors.keySet())) {
      NDArray v = tensors.get(name);
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update(Arrays.toString(v.getShape().getShape()).getBytes(StandardCharsets.UTF_8));
      sha.update(v.getDataType().toString().getBytes(StandardCharsets.UTF_8));
      sha.update(v.toByteBuffer());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** A tensor by Hugging Face name; fails naming the tensor when absent. */
  public NDArray get(String name) {
    NDArray a = tensors.get(name);
    if (a == null) {
      throw new ai.tao.api.ConfigurationException("no tensor '" + name + "' in this model; it has " + tensors.keySet());
    }
    return a;
  }

  /** The LM head: {@code lm_head.weight}, or the embeddings when tied. */
  NDArray lmHead() {
    return config.tieWordEmbeddings() ? get(WeightNames.EMBED) : get(WeightNames.LM_HEAD);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  /** All tensors in a stable order, for optimizers. */
  @Override
  public Map<String, NDArray> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  public ModelConfig config() {
    return config;
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  /** Counter of in-place updates; derived caches compare it. */
  @Override
  public long version() {
    return version;
  }

  /** Call after writing into any tensor (an optimizer step, a load). */
  @Override
  public void markUpdated() {
    version++;
  }

  /** A host copy of every tensor, for saving. */
  public Map<String, FloatTensor> toHost() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> out.put(k, new FloatTensor(v.getShape().getShape(),
        v.getDataType() == DataType.FLOAT32 ? v.toFloatArray() : v.toType(DataType.FLOAT32, false).toFloatArray())));
    return out;
  }

  /** Total number of scalar parameters. */
  public long parameterCount() {
    return tensors.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  @Override
  public void close() {
    manager.close();
  }
}
