package ai.tao.core.policy;

import ai.djl.ndarray.NDManager;
import ai.tao.api.ChatMessage;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.Prompt;
import ai.tao.api.Resumable;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.TrainablePolicy;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.SafetensorsIndex;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.LoraAdapters;
import ai.tao.core.model.LoraConfig;
import ai.tao.core.model.MergedExport;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.sampling.Sampler;
import ai.tao.core.tokenizer.ChatTemplate;
import ai.tao.core.tokenizer.TextTokenizer;
import ai.tao.core.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TrainablePolicy} backed by a {@link CausalLm} and its tokenizer: prompts are rendered
 * (plain text, or chat messages through the checkpoint's chat template), encoded, and sampled in
 * batches of at most {@link #maxBatchRows()} rows so memory stays bounded.
 *
 * <p>Three ways to get one, each owning all the native memory it uses (closing the policy frees
 * it): {@link #load} a Hugging Face folder, {@link #fresh} for a randomly initialised model built
 * from a config and a tokenizer, or {@link #of} to wrap a model built in process.
 *
 * <p>The policy is {@link Resumable}: its state is its weights, saved as {@link #save} does (a
 * Hugging Face folder, F32, bit for bit) and read back in place, into the arrays the trainer's
 * optimizer holds.
 *
 * @since 0.1
 */
public final class DecoderPolicy implements TrainablePolicy, Resumable {
  /** Rows per sampling batch unless said otherwise. */
  public static final int DEFAULT_MAX_BATCH_ROWS = 64;

  private final String name;
  private final NDManager root;
  private final CausalLm model;
  private final TextTokenizer tokenizer;
  private final ChatTemplate chatTemplate;
  private final Path sourceDir;
  private final int maxBatchRows;
  private final Sampler sampler;

  private DecoderPolicy(String name, NDManager root, CausalLm model, TextTokenizer tokenizer, Path sourceDir,
      int maxBatchRows) {
    if (maxBatchRows <= 0) {
      throw new ConfigurationException("maxBatchRows must be > 0, got " + maxBatchRows);
    }
    this.name = name;
    this.root = root;
    this.model = model;
    this.tokenizer = tokenizer;
    this.chatTemplate = ChatTemplate.forTokenizer(tokenizer);
    this.sourceDir = sourceDir;
    this.maxBatchRows = maxBatchRows;
    Set<Integer> eos = new HashSet<>(tokenizer.eosIds());
    eos.addAll(model.config().eosTokenIds());
    int pad = tokenizer.padId().orElse(eos.isEmpty() ? 0 : eos.stream().mapToInt(Integer::intValue).min().orElse(0));
    this.sampler = new Sampler(model, eos, pad, ids -> tokenizer.decode(ids, true),
        Math.min(tokenizer.vocabSize(), model.config().vocabSize()));
  }

  /** Loads a Hugging Face folder (config.json, safetensors, tokenizer files). */
  public static DecoderPolicy load(Path dir) {
    return load(dir, DEFAULT_MAX_BATCH_ROWS);
  }

  /**
   * Loads a Hugging Face folder, sampling in batches of at most {@code maxBatchRows} rows.
   *
   * @throws ConfigurationException if {@code maxBatchRows <= 0}
   */
  public static DecoderPolicy load(Path dir, int maxBatchRows) {
    Objects.requireNonNull(dir, "dir");
    if (maxBatchRows <= 0) {
      throw new ConfigurationException("maxBatchRows must be > 0, got " + maxBatchRows);
    }
    TextTokenizer tok = Tokenizers.load(dir); // fails on a missing tokenizer before any native call
    NDManager root = TaoRuntime.newManager();
    try {
      CausalLm model = CausalLm.load(dir, root);
      if (tok.vocabSize() > model.config().vocabSize()) {
        throw new ModelLoadException("tokenizer in " + dir + " has " + tok.vocabSize()
            + " tokens but the model's vocab_size is " + model.config().vocabSize());
      }
      return new DecoderPolicy(dir.getFileName().toString(), root, model, tok, dir, maxBatchRows);
    } catch (RuntimeException e) {
      root.close();
      tok.close();
      throw e;
    }
  }

  /**
   * A freshly initialised model (projections and embeddings ~ N(0, 0.02), deterministic for the
   * seed) for {@code tokenizer}, which the policy takes ownership of.
   *
   * @param config the architecture; {@link ModelConfig.Builder#tokenizer} fills in the vocabulary
   * @throws ConfigurationException if the tokenizer has more ids than the config's vocabulary
   */
  public static DecoderPolicy fresh(String name, ModelConfig config, TextTokenizer tokenizer, long seed) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(tokenizer, "tokenizer");
    if (tokenizer.vocabSize() > config.vocabSize()) {
      throw new ConfigurationException("tokenizer has " + tokenizer.vocabSize() + " ids but the config's vocabSize is "
          + config.vocabSize() + "; build the config with ModelConfig.builder().tokenizer(tokenizer)");
    }
    NDManager root = TaoRuntime.newManager();
    try {
      CausalLm model = new CausalLm(ModelWeights.randomInit(config, root, seed, 0.02));
      return new DecoderPolicy(name, root, model, tokenizer, sourceOf(tokenizer), DEFAULT_MAX_BATCH_ROWS);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * Wraps a model built in process; the policy takes ownership of the model and the tokenizer and
   * closes both. The manager the model was built under stays the caller's.
   *
   * @param maxBatchRows most sequences sampled in one batch; bounds KV-cache memory
   */
  public static DecoderPolicy of(String name, CausalLm model, TextTokenizer tokenizer, int maxBatchRows) {
    return new DecoderPolicy(name, null, model, tokenizer, sourceOf(tokenizer), maxBatchRows);
  }

  private static Path sourceOf(TextTokenizer tokenizer) {
    return tokenizer.sourceDir().orElse(null);
  }

  /** The same policy sampling in batches of at most {@code rows} rows (memory against speed). */
  public int maxBatchRows() {
    return maxBatchRows;
  }

  public CausalLm model() {
    return model;
  }

  /**
   * Turns this policy into a LoRA policy: fresh adapters (B = 0, so nothing changes yet) on its
   * model, which the policy owns from now on. Trainers then update only the adapters, a KL penalty
   * compares against the base with the adapters off, snapshots copy only the adapters, and {@link
   * #save} writes a verified merged model plus the adapters in PEFT's layout.
   *
   * @throws ConfigurationException if the policy already has adapters
   */
  public DecoderPolicy withLora(LoraConfig config, long seed) {
    Objects.requireNonNull(config, "config");
    model.attachAdapters(LoraAdapters.init(model.config(), config, model.weights().manager().getParentManager(), seed));
    return this;
  }

  /** As {@link #withLora}, with adapters read from a PEFT folder (one {@link #save} wrote, or PEFT's). */
  public DecoderPolicy withAdapters(Path peftDir) {
    Objects.requireNonNull(peftDir, "peftDir");
    model.attachAdapters(LoraAdapters.load(peftDir, model.config(), model.weights().manager().getParentManager()));
    return this;
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public String name() {
    return name;
  }

  /** Token ids a prompt is sampled from: its text, or its messages through the chat template. */
  @Override
  public int[] encode(Prompt prompt) {
    if (prompt.isChat()) {
      List<Map<String, String>> messages = new ArrayList<>();
      for (ChatMessage m : prompt.messages()) {
        messages.add(Map.of("role", m.role(), "content", m.content()));
      }
      return chatTemplate.encode(tokenizer, messages, true);
    }
    return tokenizer.encode(prompt.text(), true);
  }

  @Override
  public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
    return sampleShard(prompts, params, 0);
  }

  /**
   * Samples in batches of at most {@link #maxBatchRows()} rows that start at the whole call's
   * multiples of it (row = prompt × group size + candidate), so a shard that starts and ends on such
   * a multiple is sampled in the whole call's own batches.
   */
  @Override
  public List<Rollout> sampleShard(List<Prompt> prompts, SamplingParams params, int firstPrompt) {
    Objects.requireNonNull(prompts, "prompts");
    Objects.requireNonNull(params, "params");
    if (firstPrompt < 0) {
      throw new ConfigurationException("firstPrompt must be >= 0, got " + firstPrompt);
    }
    int n = params.candidatesPerPrompt();
    List<int[]> encoded = new ArrayList<>(prompts.size());
    List<int[]> rows = new ArrayList<>(prompts.size() * n);
    for (Prompt p : prompts) {
      int[] ids = encode(p);
      encoded.add(ids);
      for (int i = 0; i < n; i++) {
        rows.add(ids);
      }
    }
    List<Completion> flat = new ArrayList<>(rows.size());
    long firstRow = (long) firstPrompt * n;
    for (int from = 0; from < rows.size(); ) {
      long global = firstRow + from;
      int to = (int) Math.min(rows.size(), (global / maxBatchRows + 1) * maxBatchRows - firstRow);
      // Rows keep their index in the whole call, so the chunking does not change what each row samples.
      flat.addAll(sampler.sample(rows.subList(from, to), params, global));
      from = to;
    }
    List<Rollout> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      out.add(new Rollout(prompts.get(i), encoded.get(i), params, flat.subList(i * n, (i + 1) * n)));
    }
    return out;
  }

  /** The fewest prompts whose rows fill whole batches: maxBatchRows / gcd(maxBatchRows, group size). */
  @Override
  public int shardAlignment(int candidatesPerPrompt) {
    return shardAlignment(maxBatchRows, candidatesPerPrompt);
  }

  /** {@link #shardAlignment(int)} of a policy that samples in batches of at most {@code maxBatchRows} rows. */
  public static int shardAlignment(int maxBatchRows, int candidatesPerPrompt) {
    if (maxBatchRows <= 0 || candidatesPerPrompt <= 0) {
      throw new ConfigurationException("need maxBatchRows > 0 and candidatesPerPrompt > 0, got " + maxBatchRows
          + " and " + candidatesPerPrompt);
    }
    return maxBatchRows / gcd(maxBatchRows, candidatesPerPrompt);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * A copy of what training changes: the adapters of a LoRA policy (small), else every weight.
   */
  @Override
  public WeightsSnapshot snapshot() {
    NDManager parent = model.weights().manager().getParentManager();
    Optional<LoraAdapters> lora = model.adapters();
    if (lora.isPresent()) {
      LoraAdapters live = lora.get();
      LoraAdapters copy = live.copy(parent);
      return new Snapshot(this, copy, () -> live.copyFrom(copy));
    }
    ModelWeights copy = model.weights().copy(parent);
    return new Snapshot(this, copy, () -> model.weights().copyFrom(copy));
  }

  @Override
  public void restore(WeightsSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    if (!(snapshot instanceof Snapshot s) || s.owner != this) {
      throw new ConfigurationException("policy " + name + " can only restore snapshots it took, got " + snapshot);
    }
    if (s.copy == null) {
      throw new ConfigurationException("policy " + name + " cannot restore a closed snapshot");
    }
    s.restore.run();
  }

  /** A copy of the trained tensors, on the device they live on, and how to write it back. */
  private static final class Snapshot implements WeightsSnapshot {
    private final DecoderPolicy owner;
    private final Runnable restore;
    private AutoCloseable copy;

    Snapshot(DecoderPolicy owner, AutoCloseable copy, Runnable restore) {
      this.owner = owner;
      this.copy = copy;
      this.restore = restore;
    }

    @Override
    public void close() {
      if (copy != null) {
        try {
          copy.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing a snapshot of " + owner.name + " failed", e);
        }
        copy = null;
      }
    }

    @Override
    public String toString() {
      return "snapshot of " + owner.name;
    }
  }

  /** Sub-folder of a saved LoRA policy that holds its adapters in PEFT's layout. */
  public static final String ADAPTER_DIR = "adapter";

  /**
   * Saves weights, config and tokenizer so transformers, vLLM or {@link #load} can read the folder.
   * A LoRA policy writes its merged weights, verified against base plus adapters before the folder
   * is complete ({@link MergedExport}), and its adapters in PEFT's layout under {@value #ADAPTER_DIR}.
   */
  @Override
  public void save(Path dir) {
    Optional<LoraAdapters> lora = model.adapters();
    if (lora.isPresent()) {
      MergedExport.write(model, dir);
      lora.get().save(dir.resolve(ADAPTER_DIR), sourceDir == null ? name : sourceDir.toAbsolutePath().toString());
    } else {
      model.save(dir);
    }
    tokenizer.writeTo(dir);
  }

  @Override
  public Optional<Resumable> resumable() {
    return Optional.of(this);
  }

  /** The weights as {@link #save} writes them; for a LoRA policy, only its adapters (the base is frozen). */
  @Override
  public void saveState(Path dir) {
    Optional<LoraAdapters> lora = model.adapters();
    if (lora.isPresent()) {
      lora.get().save(dir.resolve(ADAPTER_DIR), name);
    } else {
      save(dir);
    }
  }

  /**
   * Overwrites the weights in place with those {@link #saveState} wrote to {@code dir}.
   *
   * @throws ConfigurationException if the folder holds another architecture or other tensors
   */
  @Override
  public void restoreState(Path dir) {
    Optional<LoraAdapters> lora = model.adapters();
    if (lora.isPresent()) {
      try (LoraAdapters saved = LoraAdapters.load(dir.resolve(ADAPTER_DIR), model.config(),
          model.weights().manager().getParentManager())) {
        lora.get().copyFrom(saved);
      }
      return;
    }
    ModelConfig saved = ModelConfig.read(dir.resolve("config.json"));
    if (!saved.equals(model.config())) {
      throw new ConfigurationException("the weights in " + dir + " are of another architecture (" + saved
          + ") than policy " + name + " (" + model.config() + "): resume with the model the run was started with");
    }
    try (SafetensorsIndex index = SafetensorsIndex.open(dir)) {
      model.weights().loadInPlace(index);
    }
  }

  @Override
  public void close() {
    model.detachAdapters().ifPresent(LoraAdapters::close);
    model.close();
    tokenizer.close();
    if (root != null) {
      root.close();
    }
  }

  @Override
  public String toString() {
    return "DecoderPolicy[" + name + ", " + model.config().family().modelType() + ", "
        + model.weights().parameterCount() + " parameters]";
  }
}
