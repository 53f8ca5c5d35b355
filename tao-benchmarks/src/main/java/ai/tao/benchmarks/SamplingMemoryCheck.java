package ai.tao.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.tao.api.SamplingParams;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.sampling.Sampler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Native memory across many sampling calls: runs {@code calls} group rollouts (default 1000; two
 * prompts of four candidates each, rows ending at scattered steps, so prefill sharing and batch
 * compaction both run) on a shape and prints the process's resident set size every tenth of the way. Flat RSS after warm-up means
 * every per-call array is released. Usage: {@code SamplingMemoryCheck [shape] [calls]}.
 */
public final class SamplingMemoryCheck {
  private SamplingMemoryCheck() {}

  public static void main(String[] args) throws IOException {
    String shape = args.length > 0 ? args[0] : "tiny";
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    try (NDManager root = TaoRuntime.newManager();
        CausalLm model = CausalLm.random(BenchShapes.get(shape), root, 0)) {
      Random rnd = new Random(1);
      // An eighth of the vocabulary ends a row, so rows finish at scattered steps and the batch compacts.
      Set<Integer> ends = new java.util.HashSet<>();
      while (ends.size() < model.config().vocabSize() / 8) {
        ends.add(3 + rnd.nextInt(model.config().vocabSize() - 3));
      }
      Sampler sampler = new Sampler(model, ends, 0, ids -> "");
      List<int[]> prompts = new ArrayList<>();
      for (int g = 0; g < 2; g++) { // two groups of 4 candidates: the shared-prefill path
        int[] p = new int[4 + rnd.nextInt(12)]; // ragged, so the padding path runs too
        for (int t = 0; t < p.length; t++) {
          p[t] = 3 + rnd.nextInt(model.config().vocabSize() - 3);
        }
        for (int c = 0; c < 4; c++) {
          prompts.add(p);
        }
      }
      long first = 0;
      long peakAfterWarmup = 0;
      for (int i = 1; i <= calls; i++) {
        sampler.sample(prompts, SamplingParams.builder().temperature(1.0).topK(50).topP(0.95)
            .maxNewTokens(16).seed(i).build());
        if (i % Math.max(1, calls / 10) == 0) {
          long rss = ProcessMemory.residentKib();
          if (first == 0) {
            first = rss;
          }
          peakAfterWarmup = Math.max(peakAfterWarmup, rss);
          System.out.printf("calls=%d rss_mb=%.1f%n", i, rss / 1024.0);
        }
      }
      System.out.printf("{\"shape\":\"%s\",\"calls\":%d,\"rss_mb_after_first_tenth\":%.1f,\"rss_mb_peak\":%.1f,"
          + "\"growth_mb\":%.1f}%n", shape, calls, first / 1024.0, peakAfterWarmup / 1024.0,
          (peakAfterWarmup - first) / 1024.0);
    }
  }
}
