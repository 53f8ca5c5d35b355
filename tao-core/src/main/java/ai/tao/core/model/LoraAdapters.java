package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import ai.tao.core.io.DType;
import ai.tao.core.io.FloatTensor;
import ai.tao.core.io.SafetensorsFile;
import ai.tao.core.io.SafetensorsWriter;
import ai.tao.core.io.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trainable low-rank matrices of a {@link LoraConfig} on one decoder, named and shaped as PEFT
 * saves them ({@code base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight} [r, in] and
 * {@code ...lora_B.weight} [out, r]), so the folder {@link #save} writes ({@code
 * adapter_config.json} plus {@code adapter_model.safetensors}) is what PEFT, vLLM and llama.cpp's
 * converter read.
 *
 * <p>Initialised as PEFT does: A uniform in ±1/sqrt(in) (Kaiming-uniform with a = sqrt(5)), B zero,
 * so a fresh adapter changes nothing.
 *
 * @since 0.2
 */
public final class LoraAdapters implements TrainableTensors, AutoCloseable {
  /** The adapter config file PEFT reads. */
  public static final String CONFIG_FILE = "adapter_config.json";
  /** The adapter weights file PEFT reads. */
  public static final String WEIGHTS_FILE = "adapter_model.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelConfig model;
  private final LoraConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> tensors;
  private final NDArray scaling;
  private long version;

  private LoraAdapters(ModelConfig model, LoraConfig config, NDManager manager, Map<String, NDArray> tensors) {
    this.model = model;
    this.config = config;
    this.manager = manager;
    this.tensors = tensors;
    this.scaling = manager.create((float) config.scaling());
  }

  /** The Hugging Face name of a module's base weight, {@code model.layers.N.(self_attn|mlp).M.weight}. */
  static String baseName(int layer, String module) {
    return WeightNames.layer(layer, modulePath(module) + ".weight");
  }

  /** PEFT's name of an adapter matrix: {@code which} is "lora_A" or "lora_B". */
  static String name(int layer, String module, String which) {
    return "base_model.model." + WeightNames.layer(layer, modulePath(module) + "." + which + ".weight");
  }

  private static String modulePath(String module) {
    boolean mlp = module.equals("gate_proj") || module.equals("up_proj") || module.equals("down_proj");
    return (mlp ? "mlp." : "self_attn.") + module;
  }

  /** [out, in] of a module's base weight. */
  static long[] baseShape(ModelConfig c, String module) {
    long d = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    long inter = c.intermediateSize();
    return switch (module) {
      case "q_proj" -> new long[] {q, d};
      case "k_proj", "v_proj" -> new long[] {kv, d};
      case "o_proj" -> new long[] {d, q};
      case "gate_proj", "up_proj" -> new long[] {inter, d};
      case "down_proj" -> new long[] {d, inter};
      default -> throw new IllegalArgumentException("no module " + module);
    };
  }

  /** Parameters of every q/k/v/o and gate/up/down projection of the model. */
  public static long projectionParameters(ModelConfig c) {
    long perLayer = 0;
    for (String module : LoraConfig.MODULES) {
      long[] s = baseShape(c, module);
      perLayer += s[0] * s[1];
    }
    return c.numLayers() * perLayer;
  }

  /** Trainable parameters {@code lora} puts on a model of shape {@code c}. */
  public static long parameterCount(ModelConfig c, LoraConfig lora) {
    return expected(c, lora).values().stream().mapToLong(s -> s[0] * s[1]).sum();
  }

  /** Name → shape of every adapter matrix, in layer and module order. */
  static Map<String, long[]> expected(ModelConfig c, LoraConfig lora) {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (int i = 0; i < c.numLayers(); i++) {
      for (String module : lora.targetModules()) {
        long[] base = baseShape(c, module);
        m.put(name(i, module, "lora_A"), new long[] {lora.rank(), base[1]});
        m.put(name(i, module, "lora_B"), new long[] {base[0], lora.rank()});
      }
    }
    return m;
  }

  /** Fresh adapters: A uniform in ±1/sqrt(in), B zero. Deterministic for a seed. */
  public static LoraAdapters init(ModelConfig model, LoraConfig config, NDManager parent, long seed) {
    Random rnd = new Random(seed);
    NDManager m = parent.newSubManager();
    Map<String, NDArray> t = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : expected(model, config).entrySet()) {
      long[] shape = e.getValue();
      float[] data = new float[Math.toIntExact(shape[0] * shape[1])];
      if (e.getKey().contains(".lora_A.")) {
        double bound = 1 / Math.sqrt(shape[1]);
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
      }
      t.put(e.getKey(), m.create(data, new Shape(shape)));
    }
    return new LoraAdapters(model, config, m, t);
  }

  /**
   * Reads a PEFT adapter folder for a model of {@code model}'s shape.
   *
   * @throws ModelLoadException if a file is missing or malformed, the config asks for what this
   *     library does not implement (rsLoRA, DoRA, biases, per-layer ranks), or a tensor is missing,
   *     extra, or of the wrong shape
   */
  public static LoraAdapters load(Path dir, ModelConfig model, NDManager parent) {
    LoraConfig config = readConfig(dir.resolve(CONFIG_FILE));
    Path file = dir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("no " + WEIGHTS_FILE + " in " + dir + ": a PEFT adapter folder holds "
          + CONFIG_FILE + " and " + WEIGHTS_FILE + " (save with safe_serialization=True)");
    }
    Map<String, long[]> expected = expected(model, config);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      Set<String> missing = new TreeSet<>(expected.keySet());
      missing.removeAll(f.names());
      Set<String> extra = new TreeSet<>(f.names());
      extra.removeAll(expected.keySet());
      if (!missing.isEmpty() || !extra.isEmpty()) {
        throw new ModelLoadException("adapter weights " + file + " do not fit " + CONFIG_FILE + " (rank "
            + config.rank() + ", modules " + config.targetModules() + ") on a " + model.numLayers()
            + "-layer model: missing " + first(missing) + ", unexpected " + first(extra));
      }
      NDManager m = parent.newSubManager();
      Map<String, NDArray> t = new LinkedHashMap<>();
      try {
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
          TensorInfo info = f.info(e.getKey());
          if (!Arrays.equals(info.shape(), e.getValue())) {
            throw new ModelLoadException("adapter tensor '" + e.getKey() + "' in " + file + " has shape "
                + Arrays.toString(info.shape()) + " but rank " + config.rank() + " on this model implies "
                + Arrays.toString(e.getValue()));
          }
          t.put(e.getKey(), m.create(f.readFloats(e.getKey()), new Shape(e.getValue())));
        }
      } catch (RuntimeException ex) {
        m.close();
        throw ex;
      }
      return new LoraAdapters(model, config, m, t);
    }
  }

  private static String first(Set<String> names) {
    return names.size() <= 3 ? names.toString() : names.stream().limit(3).toList() + " and " + (names.size() - 3)
        + " more";
  }

  private static LoraConfig readConfig(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("no " + CONFIG_FILE + " in " + file.getParent()
          + ": point at a PEFT adapter folder (adapter_config.json and adapter_model.safetensors)");
    }
    JsonNode n;
    try {
      n = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    String type = n.path("peft_type").asText("");
    if (!type.equals("LORA")) {
      throw new ModelLoadException(file + ": peft_type is '" + type + "'; only LORA adapters load here");
    }
    refuse(file, n, "use_rslora", "rank-stabilised scaling (alpha / sqrt(r))");
    refuse(file, n, "use_dora", "DoRA's magnitude vectors");
    refuse(file, n, "fan_in_fan_out", "Conv1D-style transposed weights (GPT-2)");
    if (!n.path("bias").asText("none").equals("none")) {
      throw new ModelLoadException(file + ": bias '" + n.path("bias").asText() + "' is not supported; train with"
          + " bias=\"none\"");
    }
    for (String field : new String[] {"rank_pattern", "alpha_pattern"}) {
      if (n.path(field).size() > 0) {
        throw new ModelLoadException(file + ": " + field + " (per-module ranks or alphas) is not supported");
      }
    }
    if (!n.path("layers_to_transform").isMissingNode() && !n.path("layers_to_transform").isNull()) {
      throw new ModelLoadException(file + ": layers_to_transform is not supported; adapters go on every layer");
    }
    JsonNode targets = n.path("target_modules");
    if (!targets.isArray()) {
      throw new ModelLoadException(file + ": target_modules must be a list of module names, got " + targets);
    }
    Set<String> modules = new LinkedHashSet<>();
    targets.forEach(t -> modules.add(t.asText()));
    try {
      return new LoraConfig(n.path("r").asInt(0), n.path("lora_alpha").asDouble(0), n.path("lora_dropout")
          .asDouble(0), modules);
    } catch (ConfigurationException e) {
      throw new ModelLoadException(file + ": " + e.getMessage(), e);
    }
  }

  private static void refuse(Path file, JsonNode n, String field, String what) {
    if (n.path(field).asBoolean(false)) {
      throw new ModelLoadException(file + ": " + field + " is true, and " + what + " is not supported here");
    }
  }

  /**
   * Writes {@code adapter_config.json} and {@code adapter_model.safetensors} (F32) into {@code dir}.
   *
   * @param baseModel what {@code base_model_name_or_path} says: the base model's folder or hub name
   */
  public void save(Path dir, String baseModel) {
    ObjectNode n = JSON.createObjectNode();
    n.put("peft_type", "LORA");
    n.put("task_type", "CAUSAL_LM");
    n.put("base_model_name_or_path", baseModel);
    n.put("r", config.rank());
    n.put("lora_alpha", config.alpha());
    n.put("lora_dropout", config.dropout());
    config.targetModules().forEach(n.putArray("target_modules")::add);
    n.put("bias", "none");
    n.put("fan_in_fan_out", false);
    n.put("inference_mode", true);
    n.put("init_lora_weights", true);
    n.put("use_rslora", false);
    n.put("use_dora", false);
    n.putNull("modules_to_save");
    n.putNull("layers_to_transform");
    n.putObject("rank_pattern");
    n.putObject("alpha_pattern");
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(CONFIG_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    } catch (IOException e) {
      throw new OutputException("cannot write " + dir.resolve(CONFIG_FILE) + ": " + e.getMessage(), e);
    }
    SafetensorsWriter.write(dir.resolve(WEIGHTS_FILE), toHost(), Map.of(), DType.F32);
  }

  /** A host copy of every adapter matrix. */
  public Map<String, FloatTensor> toHost() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> out.put(k, new FloatTensor(v.getShape().getShape(), v.toFloatArray())));
    return out;
  }

  /** A frozen, independent copy (a snapshot to roll back to). */
  public LoraAdapters copy(NDManager parent) {
    NDManager m = parent.newSubManager();
    return new LoraAdapters(model, config, m, TensorMaps.detachedCopies(tensors, m));
  }

  /** Overwrites every matrix with {@code other}'s (same config and model shape). */
  public void copyFrom(LoraAdapters other) {
    if (!other.config.equals(config) || !other.model.equals(model)) {
      throw new ConfigurationException("cannot copy adapters of rank " + other.config.rank() + " on "
          + other.config.targetModules() + " into adapters of rank " + config.rank() + " on " + config.targetModules());
    }
    TensorMaps.overwrite(tensors, other.tensors);
    markUpdated();
  }

  /**
   * The adapter branch of one projection: scaling · dropout(x) · Aᵀ · Bᵀ, (B, T, out), or null when
   * the module has no adapter.
   */
  NDArray branch(NDArray x, int layer, String module, boolean training) {
    if (!config.targets(module)) {
      return null;
    }
    NDArray in = training && config.dropout() > 0
        ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow() : x;
    NDArray low = Projection.apply(in, tensors.get(name(layer, module, "lora_A"))); // (B, T, r)
    return Projection.apply(low, tensors.get(name(layer, module, "lora_B"))).mul(scaling); // (B, T, out)
  }

  /** {@code base} (the module's base weight) plus this module's update, or {@code base} when it has no adapter. */
  NDArray merged(NDArray base, int layer, String module) {
    return config.targets(module) ? base.add(delta(layer, module)) : base;
  }

  /** scaling · B · A, [out, in], the update merging adds to the base weight. */
  NDArray delta(int layer, String module) {
    NDArray b = tensors.get(name(layer, module, "lora_B"));
    NDArray a = tensors.get(name(layer, module, "lora_A"));
    return b.matMul(a).mul(scaling);
  }

  public LoraConfig config() {
    return config;
  }

  public ModelConfig modelConfig() {
    return model;
  }

  @Override
  public Map<String, NDArray> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public void markUpdated() {
    version++;
  }

  /** Trainable scalars: rank · (in + out) per targeted projection and layer. */
  public long parameterCount() {
    return tensors.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  @Override
  public void close() {
    manager.close();
  }
}
