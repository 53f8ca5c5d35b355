package ai.tao.core.train;

import ai.tao.api.ConfigurationException;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.LoraAdapters;
import ai.tao.core.model.LoraConfig;
import ai.tao.core.model.ModelConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What training a model holds in memory before any activation, so that a run that cannot fit is
 * refused before its first step instead of being killed after minutes of loading.
 *
 * <p>Per F32 parameter: 4 bytes of weights; every projection also has its fused copy (the fused q/k/v
 * and gate/up matrices, 4 bytes). Training every weight adds its gradient (4), AdamW's two moments
 * (8), and the fused copy a training pass builds inside the graph (4 per projection parameter).
 * Training LoRA adapters adds those 16 bytes per adapter parameter only, plus a merged copy of the
 * projections for sampling unless {@link CausalLm#mergeAdaptersForInference(boolean)} is off.
 *
 * @param fixedBytes weights and fused copies, held however the model is trained
 * @param trainingBytes gradients, optimizer moments and in-graph copies of what is trained
 * @since 0.2
 */
public record TrainingMemory(long fixedBytes, long trainingBytes) {
  /** Bytes before activations. */
  public long totalBytes() {
    return fixedBytes + trainingBytes;
  }

  /** The estimate for training {@code model} as it is: its adapters when attached, else every weight. */
  public static TrainingMemory of(CausalLm model) {
    ModelConfig c = model.config();
    long params = model.weights().parameterCount();
    long proj = LoraAdapters.projectionParameters(c);
    long fixed = 4 * params + 4 * proj;
    if (model.adapters().isPresent() && model.mergeAdaptersForInference()) {
      fixed += 4 * proj; // the merged copy sampling uses
    }
    long training = model.adapters().map(a -> 16 * a.parameterCount()).orElse(16 * params + 4 * proj);
    return new TrainingMemory(fixed, training);
  }

  /**
   * Physical memory this process can use: the machine's, or the container's limit when lower
   * (cgroup v2 {@code memory.max}).
   */
  public static long availableBytes() {
    long machine = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    try {
      Path limit = Path.of("/sys/fs/cgroup/memory.max");
      if (Files.isReadable(limit)) {
        String v = Files.readString(limit).trim();
        if (!v.equals("max")) {
          machine = Math.min(machine, Long.parseLong(v));
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // no readable limit: the machine's memory it is
    }
    return machine;
  }

  /**
   * Refuses to train when even the memory before activations exceeds what is available.
   *
   * @throws ConfigurationException with the estimate, the memory there is, and what to do
   */
  static void check(CausalLm model, String trainer) {
    check(model, trainer, availableBytes());
  }

  /** As {@link #check(CausalLm, String)} against {@code have} bytes. */
  static void check(CausalLm model, String trainer, long have) {
    TrainingMemory need = of(model);
    if (need.totalBytes() <= have) {
      return;
    }
    String what = model.adapters().isPresent() ? "LoRA training" : "full fine-tuning";
    String advice = model.adapters().isPresent()
        ? "use a smaller model or a machine with more memory"
        : String.format(Locale.ROOT, "train LoRA adapters instead (DecoderPolicy.withLora), which needs about %s"
            + " before activations", gib(need.fixedBytes() + 16L * LoraAdapters.parameterCount(model.config(),
            LoraConfig.builder().rank(16).build())));
    throw new ConfigurationException(String.format(Locale.ROOT, "%s (%s) of this %,d-parameter model needs about %s"
        + " before activations (%s of weights and fused copies, %s of gradients, optimizer moments and in-graph"
        + " copies), more than the %s this process can use; %s", what, trainer, model.weights().parameterCount(),
        gib(need.totalBytes()), gib(need.fixedBytes()), gib(need.trainingBytes()), gib(have), advice));
  }

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
  }
}
