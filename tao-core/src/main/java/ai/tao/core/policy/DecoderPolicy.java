package ai.tao.core.policy;

import ai.djl.ndarray.NDManager;
import ai.tao.api.ChatMessage;
import ai.tao.api.Completion;
import ai.tao.api.ModelLoadException;
import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.SamplingParams;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.sampling.Sampler;
import ai.tao.core.tokenizer.ByteTokenizer;
import ai.tao.core.tokenizer.ChatTemplate;
import ai.tao.core.tokenizer.HfTokenizer;
import ai.tao.core.tokenizer.TextTokenizer;
import ai.tao.core.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Policy} backed by a {@link CausalLm} and its tokenizer: prompts are rendered (plain text,
 * or chat messages through the checkpoint's chat template), encoded, and sampled in batches of at
 * most {@link #maxBatchRows()} rows so memory stays bounded.
 *
 * @since 0.1
 */
public final class DecoderPolicy implements Policy {
  /** Tokenizer files copied along when a policy loaded from a folder is saved. */
  private static final List<String> TOKENIZER_FILES =
      List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json", "special_tokens_map.json");

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
    this.name = name;
    this.root = root;
    this.model = model;
    this.tokenizer = tokenizer;
    this.chatTemplate = ChatTemplate.forTokenizer(tokenizer);
    this.sourceDir = sourceDir;
    this.maxBatchRows = maxBatchRows;
    Set<Integer> eos = new HashSet<>(tokenizer.eosIds());
    eos.addAll(model.config().eosTokenIds());
    int pad = tokenizer.padId().orElse(eos.isEmpty() ? 0 : eos.iterator().next());
    this.sampler = new Sampler(model, eos, pad, ids -> tokenizer.decode(ids, true));
  }

  /** Rows per sampling batch unless said otherwise. */
  public static final int DEFAULT_MAX_BATCH_ROWS = 64;

  /** Loads a Hugging Face folder (config.json, safetensors, tokenizer files). */
  public static DecoderPolicy load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    TextTokenizer tok = Tokenizers.load(dir); // fails on a missing tokenizer before any native call
    NDManager root = TaoRuntime.newManager();
    try {
      CausalLm model = CausalLm.load(dir, root);
      if (tok.vocabSize() > model.config().vocabSize()) {
        throw new ModelLoadException("tokenizer in " + dir + " has " + tok.vocabSize()
            + " tokens but the model's vocab_size is " + model.config().vocabSize());
      }
      return new DecoderPolicy(dir.getFileName().toString(), root, model, tok, dir, DEFAULT_MAX_BATCH_ROWS);
    } catch (RuntimeException e) {
      root.close();
      tok.close();
      throw e;
    }
  }

  /**
   * Wraps a model built in process (a fresh or trained one); the policy takes ownership of both.
   *
   * @param maxBatchRows most sequences sampled in one batch; bounds KV-cache memory
   */
  public static DecoderPolicy of(String name, CausalLm model, TextTokenizer tokenizer, int maxBatchRows) {
    if (maxBatchRows <= 0) {
      throw new ai.tao.api.ConfigurationException("maxBatchRows must be > 0, got " + maxBatchRows);
    }
    Path source = tokenizer instanceof HfTokenizer hf ? hf.modelDir() : null;
    return new DecoderPolicy(name, null, model, tokenizer, source, maxBatchRows);
  }

  public int maxBatchRows() {
    return maxBatchRows;
  }

  public CausalLm model() {
    return model;
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public String name() {
    return name;
  }

  /** Token ids a prompt is sampled from. */
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
  public List<List<Completion>> sample(List<Prompt> prompts, SamplingParams params) {
    Objects.requireNonNull(prompts, "prompts");
    Objects.requireNonNull(params, "params");
    int n = params.candidatesPerPrompt();
    List<int[]> rows = new ArrayList<>(prompts.size() * n);
    for (Prompt p : prompts) {
      int[] ids = encode(p);
      for (int i = 0; i < n; i++) {
        rows.add(ids);
      }
    }
    List<Completion> flat = new ArrayList<>(rows.size());
    for (int from = 0, chunk = 0; from < rows.size(); from += maxBatchRows, chunk++) {
      List<int[]> batch = rows.subList(from, Math.min(rows.size(), from + maxBatchRows));
      // Each chunk gets its own seed so chunks are not copies of each other.
      flat.addAll(sampler.sample(batch, params.toBuilder().seed(params.seed() + 1_000_003L * chunk).build()));
    }
    List<List<Completion>> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      out.add(List.copyOf(flat.subList(i * n, (i + 1) * n)));
    }
    return out;
  }

  /** Saves weights, config and tokenizer so transformers, vLLM or {@link #load} can read the folder. */
  @Override
  public void save(Path dir) {
    model.save(dir);
    try {
      if (tokenizer instanceof ByteTokenizer bt) {
        bt.save(dir);
      } else if (sourceDir != null && !sourceDir.toAbsolutePath().equals(dir.toAbsolutePath())) {
        for (String f : TOKENIZER_FILES) {
          Path src = sourceDir.resolve(f);
          if (Files.isRegularFile(src)) {
            Files.copy(src, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer files to " + dir, e);
    }
  }

  @Override
  public void close() {
    model.close();
    tokenizer.close();
    if (root != null) {
      root.close();
    }
  }
}
