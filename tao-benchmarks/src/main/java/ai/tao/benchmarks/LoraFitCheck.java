package ai.tao.benchmarks;

import ai.tao.api.TaoException;
import ai.tao.api.TrainStepResult;
import ai.tao.core.model.LoraConfig;
import java.io.IOException;
import java.util.Locale;

/**
 * Whether GRPO training of a shape fits this machine, full or with LoRA, and what it costs: builds
 * the random model, the trainer (which refuses up front what cannot fit), runs {@code steps} GRPO
 * steps on {@code batch} sequences of {@code seq} tokens, and prints one JSON line with the peak
 * resident set (VmHWM), seconds per step and the outcome. Run each mode in its own JVM: the peak is
 * the process's. Usage: {@code LoraFitCheck SHAPE full|lora [batch] [seq] [steps] [rank]}.
 */
public final class LoraFitCheck {
  private LoraFitCheck() {}

  public static void main(String[] args) throws IOException {
    String shape = args[0];
    boolean lora = args[1].equals("lora");
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int seq = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int steps = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    int rank = args.length > 5 ? Integer.parseInt(args[5]) : 16;
    LoraConfig cfg = lora ? LoraConfig.builder().rank(rank).alpha(2.0 * rank).build() : null;
    long t0 = System.nanoTime();
    String outcome;
    double perStep = Double.NaN;
    long params = 0;
    try (TrainStepWork work = new TrainStepWork(shape, batch, seq, cfg, Math.min(batch, 8))) {
      params = work.parameterCount();
      double built = (System.nanoTime() - t0) / 1e9;
      long s0 = System.nanoTime();
      TrainStepResult last = null;
      for (int i = 0; i < steps; i++) {
        last = work.run();
      }
      perStep = (System.nanoTime() - s0) / 1e9 / steps;
      outcome = String.format(Locale.ROOT, "completed (built in %.0f s, last loss %.4f)", built,
          last.loss());
    } catch (TaoException e) {
      outcome = "refused: " + e.getMessage();
    }
    System.out.printf(Locale.ROOT, "{\"shape\":\"%s\",\"mode\":\"%s\",\"parameters\":%d,\"batch\":%d,\"seq\":%d,"
        + "\"seconds_per_step\":%.2f,\"peak_rss_gib\":%.2f,\"outcome\":\"%s\"}%n", shape, lora ? "lora-r" + rank : "full",
        params, batch, seq, perStep, ProcessMemory.peakResidentKib() / 1048576.0, outcome.replace("\"", "'"));
  }
}
