package ai.tao.core.model;

import ai.tao.api.ModelLoadException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Hugging Face decoder families this runtime covers. They share one block structure and
 * differ only in the switches below.
 *
 * @since 0.1
 */
public enum ModelFamily {
  LLAMA("llama", "LlamaForCausalLM", false, false),
  MISTRAL("mistral", "MistralForCausalLM", false, false),
  /** Qwen2 always has q/k/v projection biases. */
  QWEN2("qwen2", "Qwen2ForCausalLM", true, false),
  /** Qwen3 normalises q and k per head (RMSNorm over head_dim) before RoPE. */
  QWEN3("qwen3", "Qwen3ForCausalLM", false, true);

  private final String modelType;
  private final String architecture;
  private final boolean qkvBias;
  private final boolean qkNorm;

  ModelFamily(String modelType, String architecture, boolean qkvBias, boolean qkNorm) {
    this.modelType = modelType;
    this.architecture = architecture;
    this.qkvBias = qkvBias;
    this.qkNorm = qkNorm;
  }

  /** The {@code model_type} string of config.json. */
  public String modelType() {
    return modelType;
  }

  /** The {@code architectures[0]} string of config.json. */
  public String architecture() {
    return architecture;
  }

  /** Whether q/k/v projections always carry biases in this family. */
  public boolean qkvBias() {
    return qkvBias;
  }

  /** Whether q and k are RMS-normalised per head before RoPE. */
  public boolean qkNorm() {
    return qkNorm;
  }

  /** Looks a family up by config.json's {@code model_type}; unknown types fail with the list of known ones. */
  public static ModelFamily fromModelType(String modelType, String where) {
    String t = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
    for (ModelFamily f : values()) {
      if (f.modelType.equals(t)) {
        return f;
      }
    }
    throw new ModelLoadException(
        "unsupported model_type '" + modelType + "' in " + where + "; supported: "
            + Arrays.stream(values()).map(ModelFamily::modelType).collect(Collectors.joining(", ")));
  }
}
