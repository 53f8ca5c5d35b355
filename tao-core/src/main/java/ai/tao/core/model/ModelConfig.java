package ai.tao.core.model;

import ai.tao.api.ConfigurationException;
import ai.tao.api.ModelLoadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The architecture of a decoder, as Hugging Face's {@code config.json} describes it.
 *
 * @param family which decoder family ({@code model_type})
 * @param hiddenSize model width d
 * @param intermediateSize MLP width
 * @param numLayers number of decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention when fewer than numHeads)
 * @param headDim per-head width; Qwen3 may set it independently of hiddenSize / numHeads
 * @param vocabSize vocabulary size
 * @param maxPositions longest sequence the RoPE tables cover
 * @param rmsNormEps epsilon inside every RMSNorm
 * @param ropeTheta RoPE base
 * @param ropeScaling optional Llama-3 or linear frequency scaling
 * @param tieWordEmbeddings whether the LM head reuses the embedding matrix
 * @param attentionBias whether q/k/v projections have biases (always for Qwen2)
 * @param bosTokenId beginning-of-sequence id, -1 when absent
 * @param eosTokenIds end-of-sequence ids, possibly several
 * @since 0.1
 */
public record ModelConfig(
    ModelFamily family,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int vocabSize,
    int maxPositions,
    double rmsNormEps,
    double ropeTheta,
    Optional<RopeScaling> ropeScaling,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    int bosTokenId,
    List<Integer> eosTokenIds) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ModelConfig {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(ropeScaling, "ropeScaling");
    eosTokenIds = List.copyOf(eosTokenIds);
    attentionBias = attentionBias || family.qkvBias();
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numLayers);
    positive("num_attention_heads", numHeads);
    positive("num_key_value_heads", numKvHeads);
    positive("head_dim", headDim);
    positive("vocab_size", vocabSize);
    positive("max_position_embeddings", maxPositions);
    if (numHeads % numKvHeads != 0) {
      throw new ConfigurationException(
          "num_attention_heads " + numHeads + " is not a multiple of num_key_value_heads " + numKvHeads);
    }
    if (headDim % 2 != 0) {
      throw new ConfigurationException("head_dim " + headDim + " must be even for RoPE");
    }
    if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
      throw new ConfigurationException(
          "rms_norm_eps and rope_theta must be > 0, got " + rmsNormEps + " and " + ropeTheta);
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new ConfigurationException(name + " must be > 0, got " + v);
    }
  }

  /** Query heads served by each key/value head. */
  public int groupSize() {
    return numHeads / numKvHeads;
  }

  /** Whether q/k/v projections have biases: always for Qwen2, else {@code attention_bias}. */
  public boolean qkvBias() {
    return attentionBias;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.family = family;
    b.hiddenSize = hiddenSize;
    b.intermediateSize = intermediateSize;
    b.numLayers = numLayers;
    b.numHeads = numHeads;
    b.numKvHeads = numKvHeads;
    b.headDim = headDim;
    b.vocabSize = vocabSize;
    b.maxPositions = maxPositions;
    b.rmsNormEps = rmsNormEps;
    b.ropeTheta = ropeTheta;
    b.ropeScaling = ropeScaling.orElse(null);
    b.tieWordEmbeddings = tieWordEmbeddings;
    b.attentionBias = attentionBias;
    b.bosTokenId = bosTokenId;
    b.eosTokenIds = eosTokenIds;
    return b;
  }

  /** Reads {@code config.json}; unknown model types, missing sizes and bad values name the file. */
  public static ModelConfig read(Path configJson) {
    if (!Files.isRegularFile(configJson)) {
      throw new ModelLoadException("missing " + configJson + ": a Hugging Face model folder needs config.json");
    }
    JsonNode n;
    try {
      n = JSON.readTree(configJson.toFile());
    } catch (IOException e) {
      throw new ModelLoadException("cannot parse " + configJson + ": " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new ModelLoadException(configJson + " is not a JSON object");
    }
    try {
      return fromJson(n, configJson.toString());
    } catch (ConfigurationException e) {
      throw new ModelLoadException(configJson + ": " + e.getMessage(), e);
    }
  }

  static ModelConfig fromJson(JsonNode n, String where) {
    ModelFamily family = ModelFamily.fromModelType(n.path("model_type").asText(null), where);
    String act = n.path("hidden_act").asText("silu");
    if (!act.equals("silu")) {
      throw new ModelLoadException("unsupported hidden_act '" + act + "' in " + where + "; only silu is supported");
    }
    if (n.path("mlp_bias").asBoolean(false)) {
      throw new ModelLoadException("mlp_bias=true in " + where + " is not supported");
    }
    Builder b = builder().family(family);
    b.hiddenSize(required(n, "hidden_size", where));
    b.intermediateSize(required(n, "intermediate_size", where));
    b.numLayers(required(n, "num_hidden_layers", where));
    b.numHeads(required(n, "num_attention_heads", where));
    b.vocabSize(required(n, "vocab_size", where));
    b.numKvHeads(n.path("num_key_value_heads").asInt(b.numHeads));
    if (n.hasNonNull("head_dim")) {
      b.headDim(n.get("head_dim").asInt());
    }
    b.maxPositions(n.path("max_position_embeddings").asInt(2048));
    b.rmsNormEps(n.path("rms_norm_eps").asDouble(1e-6));
    b.ropeTheta(n.path("rope_theta").asDouble(10000.0));
    b.tieWordEmbeddings(n.path("tie_word_embeddings").asBoolean(false));
    b.attentionBias(n.path("attention_bias").asBoolean(false));
    b.bosTokenId(n.path("bos_token_id").asInt(-1));
    JsonNode eos = n.path("eos_token_id");
    if (eos.isArray()) {
      b.eosTokenIds(java.util.stream.StreamSupport.stream(eos.spliterator(), false).map(JsonNode::asInt).toList());
    } else if (eos.isNumber()) {
      b.eosTokenIds(List.of(eos.asInt()));
    }
    JsonNode rs = n.path("rope_scaling");
    if (rs.isObject()) {
      String type = rs.path("rope_type").asText(rs.path("type").asText("default"));
      if (!type.equals("default")) {
        b.ropeScaling(new RopeScaling(type, rs.path("factor").asDouble(1.0),
            rs.path("low_freq_factor").asDouble(1.0), rs.path("high_freq_factor").asDouble(4.0),
            rs.path("original_max_position_embeddings").asInt(8192)));
      }
    }
    return b.build();
  }

  private static int required(JsonNode n, String key, String where) {
    if (!n.path(key).canConvertToInt()) {
      throw new ModelLoadException("config " + where + " lacks integer '" + key + "'");
    }
    return n.get(key).asInt();
  }

  /** This config as Hugging Face's config.json, so transformers and vLLM can read a saved model. */
  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add(family.architecture());
    n.put("model_type", family.modelType());
    n.put("hidden_size", hiddenSize);
    n.put("intermediate_size", intermediateSize);
    n.put("num_hidden_layers", numLayers);
    n.put("num_attention_heads", numHeads);
    n.put("num_key_value_heads", numKvHeads);
    n.put("head_dim", headDim);
    n.put("vocab_size", vocabSize);
    n.put("max_position_embeddings", maxPositions);
    n.put("rms_norm_eps", rmsNormEps);
    n.put("rope_theta", ropeTheta);
    ropeScaling.ifPresent(r -> {
      ObjectNode s = n.putObject("rope_scaling");
      s.put("rope_type", r.type());
      s.put("factor", r.factor());
      if (r.type().equals("llama3")) {
        s.put("low_freq_factor", r.lowFreqFactor());
        s.put("high_freq_factor", r.highFreqFactor());
        s.put("original_max_position_embeddings", r.originalMaxPositions());
      }
    });
    n.put("tie_word_embeddings", tieWordEmbeddings);
    n.put("attention_bias", qkvBias());
    n.put("hidden_act", "silu");
    if (bosTokenId >= 0) {
      n.put("bos_token_id", bosTokenId);
    }
    if (eosTokenIds.size() == 1) {
      n.put("eos_token_id", eosTokenIds.get(0));
    } else if (!eosTokenIds.isEmpty()) {
      ArrayNode a = n.putArray("eos_token_id");
      eosTokenIds.forEach(a::add);
    }
    n.put("torch_dtype", "float32");
    return n;
  }

  /** Writes {@link #toJson()} to {@code dir/config.json}. */
  public void write(Path dir) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), toJson());
  }

  /** Builder for configs of models built from scratch. */
  public static final class Builder {
    private ModelFamily family = ModelFamily.LLAMA;
    private int hiddenSize;
    private int intermediateSize;
    private int numLayers;
    private int numHeads;
    private int numKvHeads;
    private int headDim;
    private int vocabSize;
    /** Longest sequence; default 2048 as Hugging Face's Llama. */
    private int maxPositions = 2048;
    /** Default 1e-6 as Hugging Face's Llama. */
    private double rmsNormEps = 1e-6;
    /** Default 10000. */
    private double ropeTheta = 10000.0;
    private RopeScaling ropeScaling;
    private boolean tieWordEmbeddings;
    private boolean attentionBias;
    private int bosTokenId = -1;
    private List<Integer> eosTokenIds = List.of();

    public Builder family(ModelFamily v) { this.family = v; return this; }
    public Builder hiddenSize(int v) { this.hiddenSize = v; return this; }
    public Builder intermediateSize(int v) { this.intermediateSize = v; return this; }
    public Builder numLayers(int v) { this.numLayers = v; return this; }
    public Builder numHeads(int v) { this.numHeads = v; return this; }
    /** Defaults to numHeads (plain multi-head attention). */
    public Builder numKvHeads(int v) { this.numKvHeads = v; return this; }
    /** Defaults to hiddenSize / numHeads. */
    public Builder headDim(int v) { this.headDim = v; return this; }
    public Builder vocabSize(int v) { this.vocabSize = v; return this; }
    public Builder maxPositions(int v) { this.maxPositions = v; return this; }
    public Builder rmsNormEps(double v) { this.rmsNormEps = v; return this; }
    public Builder ropeTheta(double v) { this.ropeTheta = v; return this; }
    public Builder ropeScaling(RopeScaling v) { this.ropeScaling = v; return this; }
    public Builder tieWordEmbeddings(boolean v) { this.tieWordEmbeddings = v; return this; }
    public Builder attentionBias(boolean v) { this.attentionBias = v; return this; }
    public Builder bosTokenId(int v) { this.bosTokenId = v; return this; }
    public Builder eosTokenIds(List<Integer> v) { this.eosTokenIds = List.copyOf(v); return this; }

    /**
     * Takes the vocabulary size and the BOS and EOS ids from a tokenizer, so a model built from
     * scratch matches the tokenizer it will be used with.
     */
    public Builder tokenizer(ai.tao.core.tokenizer.TextTokenizer tokenizer) {
      this.vocabSize = tokenizer.vocabSize();
      this.bosTokenId = tokenizer.bosId().orElse(-1);
      this.eosTokenIds = tokenizer.eosIds().stream().sorted().toList();
      return this;
    }

    public ModelConfig build() {
      int kv = numKvHeads == 0 ? numHeads : numKvHeads;
      if (numHeads <= 0) {
        throw new ConfigurationException("num_attention_heads must be > 0, got " + numHeads);
      }
      int hd = headDim == 0 ? hiddenSize / numHeads : headDim;
      if (headDim == 0 && hiddenSize % numHeads != 0) {
        throw new ConfigurationException(
            "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads + "; set head_dim");
      }
      return new ModelConfig(family, hiddenSize, intermediateSize, numLayers, numHeads, kv, hd, vocabSize,
          maxPositions, rmsNormEps, ropeTheta, Optional.ofNullable(ropeScaling), tieWordEmbeddings,
          attentionBias, bosTokenId, eosTokenIds);
    }
  }
}
