package ai.tao.core.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.tao.api.DataInputException;
import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import ai.tao.api.Prompt;
import ai.tao.api.TrainablePolicy.WeightsSnapshot;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.SafetensorsIndex;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.model.ModelWeights;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.TextTokenizer;
import ai.tao.core.tokenizer.Tokenizers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A scalar reward model: a Llama-family decoder whose LM head is replaced by one linear head, read
 * at the last token of prompt + response. It is Hugging Face's {@code LlamaForSequenceClassification}
 * with {@code num_labels} 1 (the layout TRL's RewardTrainer writes): the checkpoint holds the
 * backbone's {@code model.*} tensors and {@code score.weight} of shape {@code [1, hidden]}, no
 * bias, no {@code lm_head}; config.json names the architecture and {@code pad_token_id}, by which
 * transformers finds the last real token. So transformers, TRL or vLLM can read what this class
 * saves, and this class can read theirs.
 *
 * <p>Start one from any policy checkpoint ({@link #fromPolicy}: the backbone is the policy's, the
 * head new), train it with {@link RewardTrainer}, score with {@link #rewards}. The input is the
 * prompt encoded as the policy encodes it (its text, or its messages through the chat template)
 * followed by the response's tokens, no end-of-sequence token.
 *
 * <p>Not thread-safe: one forward at a time.
 *
 * @since 0.3
 */
public final class RewardModel implements AutoCloseable {
  /** The reward head's tensor name in the Hugging Face layout. */
  public static final String HEAD = "score.weight";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NDManager root;
  /** The backbone as a policy: it encodes prompts as the policy does and saves the tokenizer files. */
  private final DecoderPolicy backbone;
  private final int padId;

  private RewardModel(NDManager root, DecoderPolicy backbone, int padId) {
    this.root = root;
    this.backbone = backbone;
    this.padId = padId;
  }

  /**
   * A new reward model on a policy checkpoint's backbone: every tensor but the LM head is loaded,
   * the head is initialised N(0, 0.02) from {@code seed}.
   *
   * @param policyDir a Hugging Face causal-LM folder (config.json, safetensors, tokenizer files)
   */
  public static RewardModel fromPolicy(Path policyDir, long seed) {
    return open(policyDir, OptionalLong.of(seed));
  }

  /**
   * Loads a reward model a previous {@link #save} (or transformers' {@code save_pretrained} of a
   * {@code *ForSequenceClassification} with one label) wrote.
   *
   * @throws ModelLoadException if the folder is not a one-label sequence-classification checkpoint
   */
  public static RewardModel load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    JsonNode n = readConfig(dir);
    String arch = n.path("architectures").path(0).asText("");
    if (!arch.endsWith("ForSequenceClassification")) {
      throw new ModelLoadException(dir + " holds a '" + (arch.isEmpty() ? "model without architectures" : arch)
          + "' checkpoint, not a reward model (*ForSequenceClassification); start one from a policy with"
          + " RewardModel.fromPolicy and train it with RewardTrainer");
    }
    int labels = n.has("num_labels") ? n.get("num_labels").asInt() : n.path("id2label").size();
    if (labels != 1) {
      throw new ModelLoadException(dir + " is a classifier with " + labels + " labels; a reward model has"
          + " exactly one (num_labels 1)");
    }
    return open(dir, OptionalLong.empty());
  }

  private static JsonNode readConfig(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("missing " + file + ": a reward-model folder needs config.json");
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private static RewardModel open(Path dir, OptionalLong headSeed) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model folder " + dir + " does not exist");
    }
    ModelConfig config = ModelConfig.read(dir.resolve("config.json"));
    TextTokenizer tok = Tokenizers.load(dir);
    NDManager root = TaoRuntime.newManager();
    try (SafetensorsIndex index = SafetensorsIndex.open(dir)) {
      TaoRuntime.engine();
      ModelWeights w = ModelWeights.loadBackbone(config, index, root,
          Map.of(HEAD, new long[] {1, config.hiddenSize()}), headSeed);
      DecoderPolicy backbone = DecoderPolicy.of(dir.getFileName() + "-reward", new CausalLm(w), tok,
          DecoderPolicy.DEFAULT_MAX_BATCH_ROWS);
      int pad = tok.padId().orElse(tok.eosIds().stream().mapToInt(Integer::intValue).min().orElse(0));
      return new RewardModel(root, backbone, pad);
    } catch (RuntimeException e) {
      root.close();
      tok.close();
      throw e;
    }
  }

  /**
   * Writes config.json ({@code LlamaForSequenceClassification}, {@code num_labels} 1, {@code
   * pad_token_id}), model.safetensors ({@code model.*} and {@code score.weight}) and the tokenizer.
   */
  public void save(Path dir) {
    backbone.save(dir);
    ModelConfig c = config();
    ObjectNode n = c.toJson();
    n.putArray("architectures").add(c.family().architecture().replace("ForCausalLM", "ForSequenceClassification"));
    n.put("num_labels", 1);
    n.putObject("id2label").put("0", "LABEL_0");
    n.putObject("label2id").put("LABEL_0", 0);
    n.put("pad_token_id", padId);
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), n);
    } catch (IOException e) {
      throw new OutputException("cannot write " + dir.resolve("config.json") + ": " + e.getMessage(), e);
    }
  }

  public ModelConfig config() {
    return backbone.model().config();
  }

  /** The trainable tensors: the backbone's and {@link #HEAD}. */
  public ModelWeights weights() {
    return backbone.model().weights();
  }

  /** The token id rows are padded with (and config.json's {@code pad_token_id}). */
  public int padId() {
    return padId;
  }

  /** The longest prompt + response, in tokens, the model reads (its {@code max_position_embeddings}). */
  public int maxTokens() {
    return config().maxPositions();
  }

  /** Whether prompt + response fit in what the model reads ({@link #maxTokens()}). */
  public boolean fits(String prompt, String response) {
    return encode(Prompt.ofText("pair", prompt), response).length <= maxTokens();
  }

  /** Prompt tokens (as the policy encodes them) followed by the response's tokens. */
  public int[] encode(Prompt prompt, String response) {
    int[] p = backbone.encode(prompt);
    int[] r = backbone.tokenizer().encode(response, false);
    int[] s = new int[p.length + r.length];
    System.arraycopy(p, 0, s, 0, p.length);
    System.arraycopy(r, 0, s, p.length, r.length);
    return s;
  }

  /**
   * Rewards of encoded sequences, without gradients, in batches of at most 64 rows.
   *
   * @throws DataInputException if a sequence is empty or longer than {@link #maxTokens()}
   */
  public double[] rewards(List<int[]> sequences) {
    double[] out = new double[sequences.size()];
    try (var g = TaoRuntime.noGrad()) {
      for (int from = 0; from < sequences.size(); from += DecoderPolicy.DEFAULT_MAX_BATCH_ROWS) {
        List<int[]> batch = sequences.subList(from, Math.min(sequences.size(), from + DecoderPolicy.DEFAULT_MAX_BATCH_ROWS));
        try (NDManager m = root.newSubManager()) {
          float[] r = forward(batch, m, false).toFloatArray();
          for (int i = 0; i < r.length; i++) {
            out[from + i] = r[i];
          }
        }
      }
    }
    return out;
  }

  /** Rewards of each response to {@code prompt}. */
  public double[] rewards(Prompt prompt, List<String> responses) {
    List<int[]> seqs = new ArrayList<>(responses.size());
    for (String r : responses) {
      seqs.add(encode(prompt, r));
    }
    return rewards(seqs);
  }

  /** How well this model orders {@code pairs}: accuracy, mean margin and Bradley–Terry loss. */
  public PairwiseAccuracy evaluate(List<PreferencePair> pairs) {
    List<int[]> seqs = new ArrayList<>(2 * pairs.size());
    for (PreferencePair p : pairs) {
      seqs.add(encode(Prompt.ofText("pair", p.prompt()), p.chosen()));
    }
    for (PreferencePair p : pairs) {
      seqs.add(encode(Prompt.ofText("pair", p.prompt()), p.rejected()));
    }
    double[] r = rewards(seqs);
    double[] chosen = java.util.Arrays.copyOfRange(r, 0, pairs.size());
    double[] rejected = java.util.Arrays.copyOfRange(r, pairs.size(), r.length);
    return PairwiseAccuracy.of(chosen, rejected);
  }

  /**
   * Rewards of a batch, right-padded, read at each row's last real token.
   *
   * @return (B) rewards, in {@code m}
   */
  NDArray forward(List<int[]> sequences, NDManager m, boolean training) {
    int b = sequences.size();
    int t = 0;
    for (int[] s : sequences) {
      if (s.length == 0 || s.length > maxTokens()) {
        throw new DataInputException("a reward-model input has " + s.length + " tokens; it needs 1 to "
            + maxTokens() + " (the model's max_position_embeddings). Shorten the prompt or the response");
      }
      t = Math.max(t, s.length);
    }
    long[][] ids = new long[b][t];
    int[][] attention = new int[b][t];
    int d = config().hiddenSize();
    long[] last = new long[b * d];
    for (int i = 0; i < b; i++) {
      int[] s = sequences.get(i);
      java.util.Arrays.fill(ids[i], padId);
      for (int j = 0; j < s.length; j++) {
        ids[i][j] = s[j];
        attention[i][j] = 1;
      }
      java.util.Arrays.fill(last, i * d, (i + 1) * d, s.length - 1L);
    }
    NDArray h = backbone.model().normedHidden(ids, attention, m, training); // (B, T, d)
    NDArray pooled = h.gather(m.create(last, new Shape(b, 1, d)), 1).reshape(b, d); // (B, d)
    return Linear.linear(pooled, weights().get(HEAD)).singletonOrThrow().reshape(b); // (B)
  }

  /** A copy of the weights, to {@link #restore} later (best-so-far weights while training). */
  WeightsSnapshot snapshot() {
    return backbone.snapshot();
  }

  void restore(WeightsSnapshot snapshot) {
    backbone.restore(snapshot);
  }

  /** The manager training steps scope their temporaries under. */
  NDManager manager() {
    return root;
  }

  @Override
  public void close() {
    backbone.close();
    root.close();
  }

  @Override
  public String toString() {
    return "RewardModel[" + backbone.name() + ", " + config().numLayers() + " layers, hidden "
        + config().hiddenSize() + "]";
  }
}
