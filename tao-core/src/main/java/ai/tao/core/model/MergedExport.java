package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.tao.api.ConfigurationException;
import ai.tao.api.OutputException;
import ai.tao.core.TaoRuntime;
import ai.tao.core.io.Durable;
import ai.tao.core.io.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Writes a LoRA model as a plain Hugging Face model folder (base weights plus scaling · B · A, no
 * adapters), and checks it before saying it is written: the folder is read back and its logits on
 * a probe batch must equal the adapted model's within {@link #TOLERANCE}. A merge that lost the
 * fine-tune (the most common complaint about LoRA exports) fails loudly instead of shipping.
 *
 * @since 0.2
 */
public final class MergedExport {
  /** Largest absolute logit difference accepted between the merged folder and base plus adapters. */
  public static final double TOLERANCE = 1e-4;
  /** Probe batch: rows × tokens of fixed pseudo-random ids. */
  private static final int PROBE_ROWS = 2;
  private static final int PROBE_TOKENS = 16;

  private MergedExport() {}

  /** What the probe measured: the largest absolute logit difference and the logits' largest magnitude. */
  public record Check(double maxAbsDifference, double maxAbsLogit) {}

  /**
   * Merges {@code model}'s attached adapters into a copy of its weights and writes them to {@code
   * dir} (which must not exist yet, or be empty), verified.
   *
   * @throws ConfigurationException if the model has no adapters, or {@code dir} exists
   * @throws OutputException if the folder cannot be written, or its logits differ from the adapted
   *     model's by more than {@link #TOLERANCE} (then nothing is left at {@code dir})
   */
  public static Check write(CausalLm model, Path dir) {
    return write(model, dir, UnaryOperator.identity());
  }

  /** As {@link #write(CausalLm, Path)}, with the merged tensors passed through {@code tamper} (tests). */
  static Check write(CausalLm model, Path dir, UnaryOperator<Map<String, FloatTensor>> tamper) {
    Objects.requireNonNull(dir, "dir");
    LoraAdapters lora = model.adapters().orElseThrow(() -> new ConfigurationException(
        "the model has no LoRA adapters to merge; save it with CausalLm.save instead"));
    if (Files.exists(dir) && !isEmptyFolder(dir)) {
      throw new ConfigurationException("merged export target " + dir + " already exists and is not empty; choose"
          + " a new folder");
    }
    Map<String, FloatTensor> merged = tamper.apply(merge(model, lora));
    Path tmp = Durable.tempFor(dir);
    boolean enabled = model.adaptersEnabled();
    try {
      model.adaptersEnabled(true);
      NDManager parent = model.weights().manager().getParentManager();
      try (NDManager m = parent.newSubManager();
          CausalLm plain = new CausalLm(ModelWeights.fromHost(model.config(), merged, m))) {
        plain.save(tmp);
      }
      Check check;
      try (NDManager m = parent.newSubManager(); CausalLm back = CausalLm.load(tmp, m)) {
        check = compare(model, back, m);
      }
      if (!(check.maxAbsDifference() <= TOLERANCE)) {
        throw new OutputException(String.format(Locale.ROOT, "merged export to %s is wrong: its logits differ from"
            + " the base plus adapters by up to %.3g (tolerance %.0e, logits up to %.3g); nothing was written",
            dir, check.maxAbsDifference(), TOLERANCE, check.maxAbsLogit()));
      }
      Files.deleteIfExists(dir); // an empty folder made for it
      Durable.move(tmp, dir);
      return check;
    } catch (java.io.IOException e) {
      throw new OutputException("cannot write the merged export to " + dir + ": " + e.getMessage(), e);
    } finally {
      model.adaptersEnabled(enabled);
      if (Files.exists(tmp)) {
        Durable.deleteTree(tmp);
      }
    }
  }

  private static boolean isEmptyFolder(Path dir) {
    try (var entries = Files.list(dir)) {
      return Files.isDirectory(dir) && entries.findAny().isEmpty();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Host copies of every base tensor, with scaling · B · A added to each targeted projection. */
  static Map<String, FloatTensor> merge(CausalLm model, LoraAdapters lora) {
    Map<String, FloatTensor> host = model.weights().toHost();
    try (var g = TaoRuntime.noGrad(); NDManager m = lora.manager().newSubManager()) {
      for (int i = 0; i < model.config().numLayers(); i++) {
        for (String module : lora.config().targetModules()) {
          String name = LoraAdapters.baseName(i, module);
          NDArray delta = lora.delta(i, module); // (out, in)
          delta.attach(m);
          float[] d = delta.toFloatArray();
          float[] base = host.get(name).data();
          float[] sum = new float[base.length];
          for (int k = 0; k < base.length; k++) {
            sum[k] = base[k] + d[k];
          }
          host.put(name, new FloatTensor(host.get(name).shape(), sum));
        }
      }
    }
    return host;
  }

  /** Logits of both models on the probe batch. */
  private static Check compare(CausalLm adapted, CausalLm merged, NDManager m) {
    long[][] ids = new long[PROBE_ROWS][PROBE_TOKENS];
    int[][] mask = new int[PROBE_ROWS][PROBE_TOKENS];
    java.util.Random rnd = new java.util.Random(0);
    for (int r = 0; r < PROBE_ROWS; r++) {
      for (int t = 0; t < PROBE_TOKENS; t++) {
        ids[r][t] = rnd.nextInt(adapted.config().vocabSize());
        mask[r][t] = 1;
      }
    }
    try (var g = TaoRuntime.noGrad()) {
      float[] a = adapted.forward(ids, mask, m, false).toFloatArray();
      float[] b = merged.forward(ids, mask, m, false).toFloatArray();
      double diff = 0;
      double mag = 0;
      for (int k = 0; k < a.length; k++) {
        diff = Math.max(diff, Math.abs(a[k] - b[k]));
        mag = Math.max(mag, Math.abs(a[k]));
      }
      return new Check(diff, mag);
    }
  }
}
