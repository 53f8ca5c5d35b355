package ai.tao.benchmarks.suite;

import java.util.List;

/**
 * The speed part: the machine's GEMM rate and each hot path against the peer.
 *
 * @param gemmGflops measured single-precision matrix-multiply rate of this machine through DJL
 * @param peer how the peer ran ("peer_llama.py with torch 2.x, 2 threads"), or why it did not
 */
public record Perf(double gemmGflops, List<HotPath> paths, String peer) {
  public Perf {
    paths = List.copyOf(paths);
  }
}
