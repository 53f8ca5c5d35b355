package ai.tao.core.model;

import ai.tao.api.ModelLoadException;

/**
 * Llama-3 style RoPE frequency scaling ({@code rope_scaling} with {@code rope_type: llama3}), or
 * plain linear scaling ({@code rope_type: linear}).
 *
 * @param type "llama3" or "linear"
 * @param factor how much longer the context is than the original one
 * @param lowFreqFactor llama3 only
 * @param highFreqFactor llama3 only
 * @param originalMaxPositions llama3 only: {@code original_max_position_embeddings}
 * @since 0.1
 */
public record RopeScaling(
    String type, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {

  public RopeScaling {
    if (!"llama3".equals(type) && !"linear".equals(type)) {
      throw new ModelLoadException(
          "unsupported rope_scaling type '" + type + "'; supported: llama3, linear");
    }
    if (!(factor > 0)) {
      throw new ModelLoadException("rope_scaling.factor must be > 0, got " + factor);
    }
    if ("llama3".equals(type) && (originalMaxPositions <= 0 || !(highFreqFactor > lowFreqFactor))) {
      throw new ModelLoadException(
          "llama3 rope_scaling needs original_max_position_embeddings > 0 and high_freq_factor > low_freq_factor, got "
              + originalMaxPositions + ", " + highFreqFactor + ", " + lowFreqFactor);
    }
  }

  /**
   * Rescales the inverse frequencies. For llama3: wavelengths shorter than
   * {@code original/highFreqFactor} are kept, longer than {@code original/lowFreqFactor} divided by
   * factor, and those in between interpolated smoothly (Meta's Llama 3.1 recipe).
   */
  double[] apply(double[] invFreq) {
    double[] out = new double[invFreq.length];
    if ("linear".equals(type)) {
      for (int i = 0; i < out.length; i++) {
        out[i] = invFreq[i] / factor;
      }
      return out;
    }
    double lowWavelen = originalMaxPositions / lowFreqFactor;
    double highWavelen = originalMaxPositions / highFreqFactor;
    for (int i = 0; i < out.length; i++) {
      double wavelen = 2 * Math.PI / invFreq[i];
      if (wavelen < highWavelen) {
        out[i] = invFreq[i];
      } else if (wavelen > lowWavelen) {
        out[i] = invFreq[i] / factor;
      } else {
        double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        out[i] = (1 - smooth) * invFreq[i] / factor + smooth * invFreq[i];
      }
    }
    return out;
  }
}
